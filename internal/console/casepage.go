package console

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

// step is one line of a case's timeline.
type step struct {
	At     time.Time
	Actor  string
	Action string
	Detail string
	// Kind is the label kind of Detail ("channel", "crisis", "followup"),
	// "" to show it as it is.
	Kind string
}

// detailKinds says what the detail of an event action names.
var detailKinds = map[string]string{"created": "channel", "referred": "channel", "referred-from": "channel",
	"emergency": "crisis", "follow-up": "followup"}

type caseData struct {
	Case       consult.CaseRow
	Thread     thread
	Lines      []shownLine
	Timeline   []step
	Correction *consult.RoutingCorrection
	// Waiting is how long the case has waited unclaimed (0 once claimed).
	Waiting time.Duration
	// MaxScore scales the candidates' bars.
	MaxScore float64
	// CanCorrect: the user may record a routing correction here.
	CanCorrect bool
	Error      string
}

// caseID reads the {id} path value.
func caseID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

// scopedCase loads the case of the request within the user's scope; a case
// of another channel is "not found" for staff.
func (s *Server) scopedCase(w http.ResponseWriter, r *http.Request) (consult.CaseRow, bool) {
	id, ok := caseID(r)
	if !ok {
		s.fail(w, r, http.StatusNotFound, "")
		return consult.CaseRow{}, false
	}
	u, _, _ := current(r)
	c, err := s.store.CaseRow(r.Context(), id, u.Scope())
	if err != nil {
		s.failErr(w, r, "load case", err)
		return c, false
	}
	return c, true
}

// casePage shows one case. The view is audited before anything is shown.
func (s *Server) casePage(w http.ResponseWriter, r *http.Request) {
	c, ok := s.scopedCase(w, r)
	if !ok {
		return
	}
	s.showCase(w, r, c, http.StatusOK, "")
}

func (s *Server) showCase(w http.ResponseWriter, r *http.Request, c consult.CaseRow, code int, errKey string) {
	ctx := r.Context()
	if err := s.record(r, "case.view", c.ID, ""); err != nil {
		s.failErr(w, r, "audit case view", err)
		return
	}
	t, err := s.loadThread(ctx, c.Case)
	if err != nil {
		s.failErr(w, r, "load transcript", err)
		return
	}
	u, _, _ := current(r)
	scope := u.Scope()
	others := t.Others[:0]
	for _, o := range t.Others {
		if scope.Allows(o.Channel) {
			others = append(others, o)
		}
	}
	t.Others = others
	if t.Next != nil && !scope.Allows(t.Next.Channel) {
		t.Next = nil
	}
	evs, err := s.store.CaseEvents(ctx, c.ID)
	if err != nil {
		s.failErr(w, r, "load timeline", err)
		return
	}
	d := caseData{Case: c, Thread: t, Lines: showLines(t.Lines), Timeline: timeline(c.Case, evs), Error: errKey,
		CanCorrect: (&viewer{u}).Coordinates() && c.ReferredFrom == ""}
	if c.Status == consult.CaseNew {
		d.Waiting = s.now().Sub(c.CreatedAt)
	}
	if corr, err := s.store.Correction(ctx, c.ID); err == nil {
		d.Correction = &corr
	} else if !isErr(err, consult.ErrNotFound) {
		s.failErr(w, r, "load correction", err)
		return
	}
	for _, cand := range c.Triage.Candidates {
		d.MaxScore = max(d.MaxScore, cand.Score)
	}
	s.render(w, r, code, "case", "cases", d)
}

// timeline merges the case's events with the times stored on it (a
// notification or a claim recorded by another part has no event line).
func timeline(c consult.Case, evs []consult.CaseEvent) []step {
	var out []step
	seen := map[string]bool{}
	for _, e := range evs {
		out = append(out, step{At: e.At, Actor: e.Actor, Action: e.Action, Detail: e.Detail, Kind: detailKinds[e.Action]})
		seen[e.Action] = true
	}
	add := func(t time.Time, action, actor string) {
		if !t.IsZero() && !seen[action] {
			out = append(out, step{At: t, Actor: actor, Action: action})
		}
	}
	add(c.CreatedAt, "created", "")
	add(c.NotifiedAt, "notified", "")
	add(c.ClaimedAt, "claimed", c.ClaimedBy)
	if c.Status == consult.CaseResolved {
		add(c.ClosedAt, "resolved", c.ClosedBy)
	}
	add(c.EscalatedAt, "escalated", "")
	add(c.FollowUpAt, "follow-up", "resident")
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// act applies a staff action through the case service (which updates Slack
// and makes a repeated click harmless).
func (s *Server) act(w http.ResponseWriter, r *http.Request) {
	c, ok := s.scopedCase(w, r)
	if !ok {
		return
	}
	u, _, _ := current(r)
	kind := consult.CaseActionKind(r.PostForm.Get("action"))
	a := consult.CaseAction{Kind: kind, By: u.Name}
	switch kind {
	case consult.CaseClaim, consult.CaseResolve, consult.CaseReopen:
	case consult.CaseReassign:
		ch, err := consult.ParseChannel(r.PostForm.Get("channel"))
		if err != nil || ch == "" {
			s.fail(w, r, http.StatusBadRequest, "")
			return
		}
		a.Channel = ch
	case consult.CaseNote:
		a.Note = r.PostForm.Get("note")
		if len([]rune(a.Note)) > 4000 {
			s.fail(w, r, http.StatusBadRequest, "")
			return
		}
	default:
		s.fail(w, r, http.StatusBadRequest, "")
		return
	}
	_, changed, err := s.cases.Act(r.Context(), c.ID, a)
	if isErr(err, consult.ErrConflict) {
		s.showCase(w, r, c, http.StatusConflict, "409")
		return
	}
	if err != nil {
		s.failErr(w, r, "case action", err)
		return
	}
	done := string(kind)
	if !changed {
		done = "unchanged"
	} else {
		detail := ""
		if kind == consult.CaseReassign {
			detail = string(c.Channel) + ">" + string(a.Channel)
		}
		s.audit(r, consult.AuditEntry{Actor: u.Name, Action: "case." + string(kind), CaseID: c.ID, Detail: detail})
	}
	http.Redirect(w, r, "/console/cases/"+strconv.FormatInt(c.ID, 10)+"?done="+done, http.StatusSeeOther)
}
