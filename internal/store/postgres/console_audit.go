package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/store/sqlq"
)

const upsertCorrection = `
INSERT INTO routing_corrections (case_id, body, predicted, routed, channel, crisis, urgency, corrected_by, corrected_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (case_id) DO UPDATE SET body = $2, predicted = $3, routed = $4, channel = $5, crisis = $6,
	urgency = $7, corrected_by = $8, corrected_at = $9`

// PutCorrection stores a coordinator's routing verdict on a case, replacing
// an earlier one.
func (db *DB) PutCorrection(ctx context.Context, c consult.RoutingCorrection) error {
	_, err := db.pool.Exec(ctx, upsertCorrection, c.CaseID, c.Text, string(c.Predicted), string(c.Routed),
		string(c.Channel), string(c.Crisis), string(c.Urgency), c.By, c.At.UTC())
	if err != nil {
		return fmt.Errorf("put correction: %w", wrapErr(err))
	}
	return nil
}

const selectCorrections = `
SELECT case_id, body, predicted, routed, channel, crisis, urgency, corrected_by, corrected_at FROM routing_corrections`

func scanCorrection(row pgx.Row) (consult.RoutingCorrection, error) {
	var c consult.RoutingCorrection
	var pred, routed, ch, crisis, urg string
	err := row.Scan(&c.CaseID, &c.Text, &pred, &routed, &ch, &crisis, &urg, &c.By, &c.At)
	c.Predicted, c.Routed, c.Channel = consult.Channel(pred), consult.Channel(routed), consult.Channel(ch)
	c.Crisis, c.Urgency, c.At = consult.Crisis(crisis), consult.Urgency(urg), c.At.UTC()
	return c, err
}

// Correction returns the routing verdict on a case.
func (db *DB) Correction(ctx context.Context, caseID int64) (consult.RoutingCorrection, error) {
	c, err := scanCorrection(db.pool.QueryRow(ctx, selectCorrections+` WHERE case_id = $1`, caseID))
	if err != nil {
		return c, fmt.Errorf("correction of case %d: %w", caseID, wrapErr(err))
	}
	return c, nil
}

// Corrections returns the verdicts given in [from, to), oldest first.
func (db *DB) Corrections(ctx context.Context, from, to time.Time) ([]consult.RoutingCorrection, error) {
	rows, err := db.pool.Query(ctx, selectCorrections+` WHERE corrected_at >= $1 AND corrected_at < $2 ORDER BY corrected_at, case_id`,
		from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("corrections: %w", wrapErr(err))
	}
	defer rows.Close()
	var out []consult.RoutingCorrection
	for rows.Next() {
		c, err := scanCorrection(rows)
		if err != nil {
			return nil, fmt.Errorf("corrections: %w", wrapErr(err))
		}
		out = append(out, c)
	}
	return out, wrapErr(rows.Err())
}

const insertAudit = `INSERT INTO audit_log (at, actor, action, case_id, detail, remote) VALUES ($1, $2, $3, $4, $5, $6)`

// AddAudit appends one line to the audit log.
func (db *DB) AddAudit(ctx context.Context, e consult.AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	if _, err := db.pool.Exec(ctx, insertAudit, e.At.UTC(), e.Actor, e.Action, nullID(e.CaseID), e.Detail, e.Remote); err != nil {
		return fmt.Errorf("add audit: %w", wrapErr(err))
	}
	return nil
}

// AuditLog returns audit lines matching q, newest first.
func (db *DB) AuditLog(ctx context.Context, q consult.AuditQuery) ([]consult.AuditEntry, error) {
	w := sqlq.Audit(dialect, q)
	rows, err := db.pool.Query(ctx, `SELECT id, at, actor, action, coalesce(case_id, 0), detail, remote FROM audit_log`+
		w.SQL()+" ORDER BY id DESC"+sqlq.Page(q.Limit, 0, 100), w.Args()...)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", wrapErr(err))
	}
	defer rows.Close()
	var out []consult.AuditEntry
	for rows.Next() {
		var e consult.AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &e.CaseID, &e.Detail, &e.Remote); err != nil {
			return nil, fmt.Errorf("audit log: %w", wrapErr(err))
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, wrapErr(rows.Err())
}
