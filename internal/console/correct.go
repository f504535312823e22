package console

import (
	"net/http"
	"strconv"

	"github.com/n-csw/tsunagu/internal/consult"
)

// correct records 「振り分けが違う」: the right channel (and the crisis and
// urgency a coordinator confirms) with what the resident wrote, as a
// labelled example; an open case then moves to the right channel through
// the case service.
func (s *Server) correct(w http.ResponseWriter, r *http.Request) {
	c, ok := s.scopedCase(w, r)
	if !ok {
		return
	}
	if c.ReferredFrom != "" {
		s.showCase(w, r, c, http.StatusBadRequest, "referral")
		return
	}
	ch, err := consult.ParseChannel(r.PostForm.Get("channel"))
	if err != nil || ch == "" {
		s.fail(w, r, http.StatusBadRequest, "")
		return
	}
	if ch == c.Channel {
		s.showCase(w, r, c, http.StatusBadRequest, "same-channel")
		return
	}
	crisis := consult.Crisis(r.PostForm.Get("crisis"))
	urgency := consult.Urgency(r.PostForm.Get("urgency"))
	if !crisis.Valid() || !urgency.Valid() {
		s.fail(w, r, http.StatusBadRequest, "")
		return
	}
	t, err := s.loadThread(r.Context(), c.Case)
	if err != nil {
		s.failErr(w, r, "load transcript", err)
		return
	}
	u, _, _ := current(r)
	corr := consult.RoutingCorrection{CaseID: c.ID, Text: residentText(t.Lines, c.Contact), Predicted: c.Triage.Channel,
		Routed: c.Channel, Channel: ch, Crisis: crisis, Urgency: urgency, By: u.Name, At: s.now().UTC()}
	if err := s.store.PutCorrection(r.Context(), corr); err != nil {
		s.failErr(w, r, "store correction", err)
		return
	}
	s.audit(r, consult.AuditEntry{Actor: u.Name, Action: "case.correct", CaseID: c.ID,
		Detail: string(c.Channel) + ">" + string(ch)})
	done := "correct"
	if c.Status.Open() {
		_, changed, err := s.cases.Act(r.Context(), c.ID, consult.CaseAction{Kind: consult.CaseReassign, By: u.Name, Channel: ch})
		switch {
		case isErr(err, consult.ErrConflict):
			done = "correct-conflict"
		case err != nil:
			s.failErr(w, r, "reassign corrected case", err)
			return
		case changed:
			done = "correct-moved"
			s.audit(r, consult.AuditEntry{Actor: u.Name, Action: "case.reassign", CaseID: c.ID,
				Detail: string(c.Channel) + ">" + string(ch)})
		}
	}
	http.Redirect(w, r, "/console/cases/"+strconv.FormatInt(c.ID, 10)+"?done="+done, http.StatusSeeOther)
}
