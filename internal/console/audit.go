package console

import (
	"net/http"
	"strconv"

	"github.com/n-csw/tsunagu/internal/consult"
)

// record writes an audit row for the request's user; the caller shows
// nothing sensitive unless it succeeds.
func (s *Server) record(r *http.Request, action string, caseID int64, detail string) error {
	u, _, _ := current(r)
	return s.store.AddAudit(r.Context(), consult.AuditEntry{At: s.now().UTC(), Actor: u.Name, Action: action,
		CaseID: caseID, Detail: detail, Remote: clientAddr(r)})
}

// audit writes an audit row about an event (a login, a logout) where a
// failure to record must not stop the request; it is logged instead.
func (s *Server) audit(r *http.Request, e consult.AuditEntry) {
	e.At = s.now().UTC()
	if e.Remote == "" {
		e.Remote = clientAddr(r)
	}
	if err := s.store.AddAudit(r.Context(), e); err != nil {
		s.log.ErrorContext(r.Context(), "audit not recorded", "action", e.Action, "error", err.Error())
	}
}

type auditData struct {
	Entries []consult.AuditEntry
	Query   consult.AuditQuery
	CaseID  string
	Next    int64
}

// auditPage lists the audit log, newest first, filtered by case, actor or
// action (admins only).
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	aq := consult.AuditQuery{Actor: q.Get("actor"), Action: q.Get("action"), Limit: 100}
	d := auditData{CaseID: q.Get("case")}
	if d.CaseID != "" {
		id, err := strconv.ParseInt(d.CaseID, 10, 64)
		if err != nil {
			s.fail(w, r, http.StatusBadRequest, "")
			return
		}
		aq.CaseID = id
	}
	if b := q.Get("before"); b != "" {
		aq.Before, _ = strconv.ParseInt(b, 10, 64)
	}
	entries, err := s.store.AuditLog(r.Context(), aq)
	if err != nil {
		s.failErr(w, r, "audit log", err)
		return
	}
	d.Entries, d.Query = entries, aq
	if len(entries) == aq.Limit {
		d.Next = entries[len(entries)-1].ID
	}
	s.render(w, r, http.StatusOK, "audit", "audit", d)
}
