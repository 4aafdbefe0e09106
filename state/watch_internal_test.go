package state

import (
	"testing"
	"time"
)

// TestWatchPause: a transaction that collided waits a random share of a ceiling that
// starts at 100 µs, doubles with each try and stops at 10 ms.
func TestWatchPause(t *testing.T) {
	for _, tc := range []struct {
		try  int
		f    float64
		want time.Duration
	}{
		{0, 0, 0},
		{0, 0.5, 50 * time.Microsecond},
		{0, 0.999, 99900 * time.Nanosecond},
		{1, 0.5, 100 * time.Microsecond},
		{3, 1, 800 * time.Microsecond},
		{6, 1, 6400 * time.Microsecond},
		{7, 1, 10 * time.Millisecond},
		{31, 1, 10 * time.Millisecond},
		{1000, 0.25, 2500 * time.Microsecond},
	} {
		if got := watchPause(tc.try, tc.f); got != tc.want {
			t.Errorf("watchPause(%d, %v) = %v, want %v", tc.try, tc.f, got, tc.want)
		}
	}
}
