package consult

import "errors"

// Errors shared by stores and use cases. Wrap them with the operation:
// fmt.Errorf("load session: %w", consult.ErrNotFound).
var (
	// ErrNotFound is returned when a requested row does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict is returned when a write would break a uniqueness rule
	// or a state transition is not allowed.
	ErrConflict = errors.New("conflict")
	// ErrInvalid is returned for input that fails validation.
	ErrInvalid = errors.New("invalid")
	// ErrUnavailable is returned when a dependency (database, API) cannot be
	// reached; callers should retry later.
	ErrUnavailable = errors.New("unavailable")
)
