//go:build !unix

package cpumeter

import "time"

// processCPU is not measured here: no metric is reported.
func processCPU() (time.Duration, bool) { return 0, false }
