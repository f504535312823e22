package console

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

const pageSize = 100

// statusSets are the status filter's choices.
var statusSets = map[string][]consult.CaseStatus{
	"open":      {consult.CaseNew, consult.CaseClaimed},
	"new":       {consult.CaseNew},
	"claimed":   {consult.CaseClaimed},
	"closed":    {consult.CaseResolved, consult.CaseReferred, consult.CaseWithdrawn},
	"resolved":  {consult.CaseResolved},
	"referred":  {consult.CaseReferred},
	"withdrawn": {consult.CaseWithdrawn},
	"all":       nil,
}

// filter is the inbox filter as the form sends it.
type filter struct {
	Channel, Urgency, Status, From, To, Text string
	Page                                     int
}

// parseFilter reads and checks the inbox filter; bad values are ignored
// (a stale bookmark still opens the inbox).
func parseFilter(q url.Values, scope consult.CaseScope) (filter, consult.CaseQuery) {
	f := filter{Status: q.Get("status"), Text: q.Get("q"), From: q.Get("from"), To: q.Get("to")}
	cq := consult.CaseQuery{Scope: scope, Limit: pageSize + 1}
	if ch, err := consult.ParseChannel(q.Get("channel")); err == nil && ch != "" && scope.Allows(ch) {
		f.Channel, cq.Channel = string(ch), ch
	}
	if u := consult.Urgency(q.Get("urgency")); u.Valid() {
		f.Urgency, cq.Urgency = string(u), u
	}
	set, ok := statusSets[f.Status]
	if !ok {
		f.Status, set = "open", statusSets["open"]
	}
	cq.Statuses = set
	if t, err := time.ParseInLocation("2006-01-02", f.From, tokyo); err == nil {
		cq.From = t
	} else {
		f.From = ""
	}
	if t, err := time.ParseInLocation("2006-01-02", f.To, tokyo); err == nil {
		cq.To = t.AddDate(0, 0, 1)
	} else {
		f.To = ""
	}
	if len([]rune(f.Text)) > 100 {
		f.Text = string([]rune(f.Text)[:100])
	}
	cq.Text = f.Text
	if p, err := strconv.Atoi(q.Get("page")); err == nil && p > 1 && p < 1000 {
		f.Page = p
		cq.Offset = (p - 1) * pageSize
	}
	return f, cq
}

// query rebuilds the filter's query string for another page.
func (f filter) query(page int) string {
	v := url.Values{}
	for k, s := range map[string]string{"channel": f.Channel, "urgency": f.Urgency, "status": f.Status,
		"from": f.From, "to": f.To, "q": f.Text} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return v.Encode()
}

type inboxRow struct {
	consult.CaseRow
	Excerpt string
	// Waiting is how long an unclaimed case has waited, 0 otherwise.
	Waiting time.Duration
	// Late marks an unclaimed emergency or urgent case waiting too long.
	Late bool
}

type inboxData struct {
	Filter   filter
	Channels []consult.Channel
	Statuses []string
	Rows     []inboxRow
	Prev     string
	Next     string
}

// inbox lists cases: open first, emergencies first, unclaimed ones with
// how long they have waited. Staff see only their channels.
func (s *Server) inbox(w http.ResponseWriter, r *http.Request) {
	u, _, _ := current(r)
	scope := u.Scope()
	f, cq := parseFilter(r.URL.Query(), scope)
	rows, err := s.store.ListCases(r.Context(), cq)
	if err != nil {
		s.failErr(w, r, "list cases", err)
		return
	}
	d := inboxData{Filter: f, Statuses: []string{"open", "new", "claimed", "closed", "resolved", "referred", "withdrawn", "all"}}
	for _, ch := range consult.Channels() {
		if scope.Allows(ch) {
			d.Channels = append(d.Channels, ch)
		}
	}
	if len(rows) > pageSize {
		rows = rows[:pageSize]
		d.Next = f.query(max(f.Page, 1) + 1)
	}
	if f.Page > 1 {
		d.Prev = f.query(f.Page - 1)
		if d.Prev == "" {
			d.Prev = "status=" + f.Status
		}
	}
	now := s.now()
	for _, c := range rows {
		row := inboxRow{CaseRow: c, Excerpt: trim(c.Summary, 40)}
		if c.Status == consult.CaseNew {
			row.Waiting = now.Sub(c.CreatedAt)
			row.Late = (c.Urgency == consult.Emergency && row.Waiting > 15*time.Minute) ||
				(c.Urgency == consult.Urgent && row.Waiting > 4*time.Hour)
		}
		d.Rows = append(d.Rows, row)
	}
	s.render(w, r, http.StatusOK, "cases", "cases", d)
}
