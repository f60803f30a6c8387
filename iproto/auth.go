package iproto

import "crypto/sha1"

// scrambleSize is the length of a chap-sha1 scramble and of the part of the
// greeting salt it uses.
const scrambleSize = sha1.Size

// ChapSHA1Scramble computes the chap-sha1 proof of password for salt:
// SHA1(password) XOR SHA1(salt[:20] ++ SHA1(SHA1(password))).
func ChapSHA1Scramble(password string, salt []byte) []byte {
	step1 := sha1.Sum([]byte(password))
	step2 := sha1.Sum(step1[:])
	var saltPart [scrambleSize]byte // a short salt is zero-padded, never a panic
	copy(saltPart[:], salt)
	h := sha1.New()
	h.Write(saltPart[:])
	h.Write(step2[:])
	step3 := h.Sum(nil)
	for i := range step3 {
		step3[i] ^= step1[i]
	}
	return step3
}

// Auth is an AUTH request. With an empty Scramble it switches the session
// to User without a password, which the server allows for "guest" only.
type Auth struct {
	User     string
	Scramble []byte // from ChapSHA1Scramble
}

// Type returns TypeAuth.
func (Auth) Type() RequestType { return TypeAuth }

// AppendBody appends {USER_NAME: user, TUPLE: ["chap-sha1", scramble]}.
func (r Auth) AppendBody(dst []byte) ([]byte, error) {
	dst = append(dst, 0x82)
	dst = AppendString(AppendKey(dst, KeyUserName), r.User)
	dst = AppendKey(dst, KeyTuple)
	if len(r.Scramble) == 0 {
		return AppendArrayHeader(dst, 0), nil
	}
	dst = AppendArrayHeader(dst, 2)
	dst = AppendString(dst, "chap-sha1")
	return AppendStringBytes(dst, r.Scramble), nil
}
