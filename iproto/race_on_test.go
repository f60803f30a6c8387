//go:build race

package iproto_test

const raceEnabled = true
