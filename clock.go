package orglife

import "time"

// Clock tells the time. The app, the handlers, the scheduler and the session store all take
// one, so that tests and the sandbox move time on instead of waiting for it.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real time.
type SystemClock struct{}

// Now is time.Now.
func (SystemClock) Now() time.Time { return time.Now() }

// ClockFunc makes a function a Clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }
