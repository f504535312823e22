package console

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// validName reports whether name can be a login name: ASCII letters,
// digits, '.', '_' and '-', up to 64 characters.
func validName(name string) bool { return nameRE.MatchString(name) }

// NewUser checks an account and hashes its password. Staff need at least
// one channel; other roles have none (they see every case).
func NewUser(name string, role consult.StaffRole, channels []consult.Channel, password string, p HashParams) (consult.StaffUser, error) {
	u := consult.StaffUser{Name: name, Role: role}
	if !validName(name) {
		return u, fmt.Errorf("user name %q: letters, digits, '.', '_' or '-', at most 64: %w", name, consult.ErrInvalid)
	}
	if !role.Valid() {
		return u, fmt.Errorf("role %q: want admin, coordinator or staff: %w", role, consult.ErrInvalid)
	}
	for _, c := range channels {
		if !c.Valid() {
			return u, fmt.Errorf("channel %q: %w", c, consult.ErrInvalid)
		}
	}
	switch {
	case role == consult.RoleStaff && len(channels) == 0:
		return u, fmt.Errorf("staff need --channel: %w", consult.ErrInvalid)
	case role == consult.RoleStaff:
		u.Channels = slices.Compact(slices.Sorted(slices.Values(channels)))
	}
	if err := checkPasswordPolicy(password); err != nil {
		return u, err
	}
	h, err := HashPassword(password, p)
	if err != nil {
		return u, err
	}
	u.PasswordHash = h
	return u, nil
}

func checkPasswordPolicy(password string) error {
	if n := len([]rune(password)); n < MinPassword || len(password) > maxPassword {
		return fmt.Errorf("password must have %d to %d characters: %w", MinPassword, maxPassword, consult.ErrInvalid)
	}
	return nil
}

// AddUser creates an account; an empty password is generated and returned
// (show it once: it is not stored).
func AddUser(ctx context.Context, st Accounts, name string, role consult.StaffRole, channels []consult.Channel, password string, p HashParams) (consult.StaffUser, string, error) {
	if password == "" {
		var err error
		if password, err = GeneratePassword(); err != nil {
			return consult.StaffUser{}, "", err
		}
	}
	u, err := NewUser(name, role, channels, password, p)
	if err != nil {
		return u, "", err
	}
	u.CreatedAt = time.Now().UTC()
	u, err = st.AddUser(ctx, u)
	if err != nil {
		return u, "", fmt.Errorf("add user %s: %w", name, err)
	}
	return u, password, nil
}

// SetPassword replaces an account's password (an empty one is generated
// and returned) and ends its sessions.
func SetPassword(ctx context.Context, st Accounts, name, password string, p HashParams) (string, error) {
	u, err := st.UserByName(ctx, name)
	if err != nil {
		return "", err
	}
	if password == "" {
		if password, err = GeneratePassword(); err != nil {
			return "", err
		}
	}
	if err := checkPasswordPolicy(password); err != nil {
		return "", err
	}
	if u.PasswordHash, err = HashPassword(password, p); err != nil {
		return "", err
	}
	if err := st.UpdateUser(ctx, u); err != nil {
		return "", err
	}
	return password, st.DeleteUserSessions(ctx, u.ID)
}

// EnsureDemoUser makes sure a coordinator account name exists and gives it
// a fresh generated password, for `tsunagu demo` to print.
func EnsureDemoUser(ctx context.Context, st Accounts, name string) (password string, err error) {
	u, err := st.UserByName(ctx, name)
	switch {
	case isErr(err, consult.ErrNotFound):
		_, password, err = AddUser(ctx, st, name, consult.RoleCoordinator, nil, "", DefaultHashParams)
		return password, err
	case err != nil:
		return "", err
	}
	if u.Role != consult.RoleCoordinator || !u.DisabledAt.IsZero() {
		u.Role, u.Channels, u.DisabledAt = consult.RoleCoordinator, nil, time.Time{}
		if err := st.UpdateUser(ctx, u); err != nil {
			return "", err
		}
	}
	return SetPassword(ctx, st, name, "", DefaultHashParams)
}
