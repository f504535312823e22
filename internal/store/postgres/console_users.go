package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/n-csw/tsunagu/internal/consult"
)

const selectUsers = `
SELECT id, name, role, channels, password_hash, created_at, updated_at, disabled_at FROM console_users`

func scanUser(row pgx.Row) (consult.StaffUser, error) {
	var u consult.StaffUser
	var role, channels string
	var disabled *time.Time
	if err := row.Scan(&u.ID, &u.Name, &role, &channels, &u.PasswordHash, &u.CreatedAt, &u.UpdatedAt, &disabled); err != nil {
		return u, err
	}
	u.Role, u.Channels, u.DisabledAt = consult.StaffRole(role), splitChannels(channels), fromTS(disabled)
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return u, nil
}

func joinChannels(cs []consult.Channel) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, ",")
}

func splitChannels(s string) []consult.Channel {
	if s == "" {
		return nil
	}
	var out []consult.Channel
	for _, p := range strings.Split(s, ",") {
		out = append(out, consult.Channel(p))
	}
	return out
}

const insertUser = `
INSERT INTO console_users (name, role, channels, password_hash, created_at, updated_at, disabled_at)
VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id`

// AddUser creates a console account; a taken name is consult.ErrConflict.
func (db *DB) AddUser(ctx context.Context, u consult.StaffUser) (consult.StaffUser, error) {
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now()
	}
	u.CreatedAt = u.CreatedAt.UTC().Truncate(time.Microsecond)
	u.UpdatedAt = u.CreatedAt
	err := db.pool.QueryRow(ctx, insertUser, u.Name, string(u.Role), joinChannels(u.Channels), u.PasswordHash,
		u.CreatedAt, ts(u.DisabledAt)).Scan(&u.ID)
	if err != nil {
		return u, fmt.Errorf("add user: %w", wrapErr(err))
	}
	return u, nil
}

// UserByName returns an account by its login name.
func (db *DB) UserByName(ctx context.Context, name string) (consult.StaffUser, error) {
	u, err := scanUser(db.pool.QueryRow(ctx, selectUsers+` WHERE name = $1`, name))
	if err != nil {
		return u, fmt.Errorf("user by name: %w", wrapErr(err))
	}
	return u, nil
}

// UserByID returns an account by its ID.
func (db *DB) UserByID(ctx context.Context, id int64) (consult.StaffUser, error) {
	u, err := scanUser(db.pool.QueryRow(ctx, selectUsers+` WHERE id = $1`, id))
	if err != nil {
		return u, fmt.Errorf("user %d: %w", id, wrapErr(err))
	}
	return u, nil
}

// Users lists every account by name.
func (db *DB) Users(ctx context.Context) ([]consult.StaffUser, error) {
	rows, err := db.pool.Query(ctx, selectUsers+` ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("users: %w", wrapErr(err))
	}
	defer rows.Close()
	var out []consult.StaffUser
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("users: %w", wrapErr(err))
		}
		out = append(out, u)
	}
	return out, wrapErr(rows.Err())
}

const updateUser = `
UPDATE console_users SET role = $2, channels = $3, password_hash = $4, disabled_at = $5, updated_at = $6
WHERE id = $1`

// UpdateUser saves an account's role, channels, password hash and
// disabled time.
func (db *DB) UpdateUser(ctx context.Context, u consult.StaffUser) error {
	tag, err := db.pool.Exec(ctx, updateUser, u.ID, string(u.Role), joinChannels(u.Channels), u.PasswordHash,
		ts(u.DisabledAt), time.Now().UTC())
	if err != nil {
		return fmt.Errorf("update user: %w", wrapErr(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("update user %d: %w", u.ID, consult.ErrNotFound)
	}
	return nil
}

const insertSession = `
INSERT INTO console_sessions (token_hash, user_id, csrf, created_at, last_seen_at, expires_at, remote)
VALUES ($1, $2, $3, $4, $5, $6, $7)`

// AddSession stores a new login.
func (db *DB) AddSession(ctx context.Context, s consult.StaffSession) error {
	_, err := db.pool.Exec(ctx, insertSession, s.TokenHash, s.UserID, s.CSRF, s.CreatedAt.UTC(), s.LastSeenAt.UTC(),
		s.ExpiresAt.UTC(), s.Remote)
	if err != nil {
		return fmt.Errorf("add session: %w", wrapErr(err))
	}
	return nil
}

const selectSessionByHash = `
SELECT token_hash, user_id, csrf, created_at, last_seen_at, expires_at, remote FROM console_sessions
WHERE token_hash = $1`

// SessionByHash returns the login whose token hashes to hash.
func (db *DB) SessionByHash(ctx context.Context, hash []byte) (consult.StaffSession, error) {
	var s consult.StaffSession
	err := db.pool.QueryRow(ctx, selectSessionByHash, hash).Scan(&s.TokenHash, &s.UserID, &s.CSRF, &s.CreatedAt,
		&s.LastSeenAt, &s.ExpiresAt, &s.Remote)
	if err != nil {
		return s, fmt.Errorf("session: %w", wrapErr(err))
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC()
	return s, nil
}

// TouchSession records activity on a login (for the idle timeout).
func (db *DB) TouchSession(ctx context.Context, hash []byte, at time.Time) error {
	if _, err := db.pool.Exec(ctx, `UPDATE console_sessions SET last_seen_at = $2 WHERE token_hash = $1`, hash, at.UTC()); err != nil {
		return fmt.Errorf("touch session: %w", wrapErr(err))
	}
	return nil
}

// DeleteSession ends a login.
func (db *DB) DeleteSession(ctx context.Context, hash []byte) error {
	if _, err := db.pool.Exec(ctx, `DELETE FROM console_sessions WHERE token_hash = $1`, hash); err != nil {
		return fmt.Errorf("delete session: %w", wrapErr(err))
	}
	return nil
}

// DeleteUserSessions ends every login of an account.
func (db *DB) DeleteUserSessions(ctx context.Context, userID int64) error {
	if _, err := db.pool.Exec(ctx, `DELETE FROM console_sessions WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("delete user sessions: %w", wrapErr(err))
	}
	return nil
}

// DeleteExpiredSessions removes logins past their absolute expiry or idle
// since before idleBefore.
func (db *DB) DeleteExpiredSessions(ctx context.Context, idleBefore, now time.Time) (int64, error) {
	tag, err := db.pool.Exec(ctx, `DELETE FROM console_sessions WHERE expires_at <= $1 OR last_seen_at < $2`, now.UTC(), idleBefore.UTC())
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", wrapErr(err))
	}
	return tag.RowsAffected(), nil
}
