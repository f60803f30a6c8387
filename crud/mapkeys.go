package crud

import "github.com/tntsql/tarantool/iproto"

// eachKey reads the n entries of a MessagePack map whose header was
// read: for each string key it calls value, which must read the value;
// an entry with another kind of key is skipped.
func eachKey(d *iproto.Decoder, n int, value func(key []byte) error) error {
	for i := 0; i < n; i++ {
		if d.Peek() != iproto.KindString {
			if err := skipPair(d); err != nil {
				return err
			}
			continue
		}
		key, err := d.StringBytes()
		if err != nil {
			return err
		}
		if err := value(key); err != nil {
			return err
		}
	}
	return nil
}

func skipPair(d *iproto.Decoder) error {
	if err := d.Skip(); err != nil {
		return err
	}
	return d.Skip()
}
