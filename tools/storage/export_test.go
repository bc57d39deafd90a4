package storage

// SetLargeObject makes every file upload a static large object of
// 1,000-byte segments (on) or none (off), for the tests; it returns what
// restores the limits.
func SetLargeObject(on bool) (restore func()) {
	above, seg := largeObjectAbove, segmentBytes
	if on {
		largeObjectAbove, segmentBytes = 0, 1000
	}
	return func() { largeObjectAbove, segmentBytes = above, seg }
}
