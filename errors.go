package orglife

import "errors"

// ErrNotFound is the error of a missing branch, meeting, record or invite. The store wraps it
// with what was looked for; test for it with errors.Is.
var ErrNotFound = errors.New("not found")
