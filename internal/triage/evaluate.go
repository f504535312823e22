package triage

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/n-csw/tsunagu/internal/consult"
)

// Row is one labelled message of a data set (testdata/triage/*.jsonl).
type Row struct {
	ID      string   `json:"id"`
	Text    string   `json:"text"`
	Channel string   `json:"channel"` // "" = not enough to tell
	Also    []string `json:"also,omitempty"`
	Crisis  string   `json:"crisis"`
	Urgency string   `json:"urgency"`
	About   string   `json:"about,omitempty"`
	Style   string   `json:"style,omitempty"`
}

// ReadRows reads JSON lines of labelled rows.
func ReadRows(r io.Reader) ([]Row, error) {
	var rows []Row
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	n := 0
	for sc.Scan() {
		n++
		if len(sc.Bytes()) == 0 {
			continue
		}
		var row Row
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			return nil, fmt.Errorf("read rows: line %d: %w", n, err)
		}
		if row.ID == "" {
			row.ID = fmt.Sprintf("line-%d", n)
		}
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read rows: %w", err)
	}
	return rows, nil
}

// Miss is a row the triage got wrong, for tuning.
type Miss struct {
	Row    Row                  `json:"row"`
	Got    consult.TriageResult `json:"got"`
	Reason string               `json:"reason"`
}

// Evaluate triages every row with tr and scores the results (see Report).
func Evaluate(rows []Row, tr *Triager) Report {
	rep := Report{Rows: len(rows), Confusion: map[string]map[string]int{}, PerChannel: map[string]*ChannelStats{}, PerStyle: map[string]*StyleStats{}}
	for _, c := range consult.Channels() {
		rep.PerChannel[string(c)] = &ChannelStats{}
	}
	for _, row := range rows {
		got := tr.Triage(row.Text)
		rep.score(row, got)
	}
	rep.finish()
	return rep
}

func (rep *Report) score(row Row, got consult.TriageResult) {
	miss := func(reason string) { rep.Misses = append(rep.Misses, Miss{Row: row, Got: got, Reason: reason}) }
	pred := string(got.Channel)
	crisisRow := row.Crisis != ""
	switch {
	case crisisRow:
		rep.CrisisRows++
		if got.Crisis != consult.NoCrisis {
			rep.CrisisDetected++
			if string(got.Crisis) == row.Crisis {
				rep.CrisisKindMatch++
			} else {
				miss("crisis kind " + string(got.Crisis) + ", want " + row.Crisis)
			}
		} else {
			miss("crisis missed: " + row.Crisis)
		}
	default:
		rep.NonCrisisRows++
		if got.Crisis != consult.NoCrisis {
			rep.FalseAlarms++
			miss("false alarm: " + string(got.Crisis))
		}
	}
	if !crisisRow && row.Channel != "" {
		rep.ChannelRows++
		ok := pred == row.Channel || slices.Contains(row.Also, pred) && pred != ""
		top2 := ok || string(got.RunnerUp) == row.Channel
		label := row.Channel
		if ok {
			label = pred // an accepted runner-up is the right answer
		}
		if ok {
			rep.ChannelCorrect++
		} else {
			miss("channel " + quote(pred) + ", want " + row.Channel)
		}
		if top2 {
			rep.Top2Correct++
		}
		if pred == "" {
			rep.Abstained++
		}
		if slices.ContainsFunc(got.Evidence, func(e consult.Evidence) bool { return e.Note == NoteLearned && e.Channel != "" }) {
			rep.Learned++
			if ok {
				rep.LearnedRight++
			}
		}
		if rep.Confusion[row.Channel] == nil {
			rep.Confusion[row.Channel] = map[string]int{}
		}
		rep.Confusion[row.Channel][pred]++
		if st := rep.PerChannel[label]; st != nil {
			st.Support++
			if ok {
				st.TP++
			}
		}
		if st := rep.PerChannel[pred]; st != nil {
			st.Predicted++
		}
		if row.Style != "" {
			ss := rep.PerStyle[row.Style]
			if ss == nil {
				ss = &StyleStats{}
				rep.PerStyle[row.Style] = ss
			}
			ss.Rows++
			if ok {
				ss.Correct++
			}
		}
	}
	if !crisisRow && row.Channel == "" {
		rep.UnclearRows++
		if pred == "" && got.Crisis == consult.NoCrisis {
			rep.UnclearDetected++
		} else if got.Crisis == consult.NoCrisis {
			miss("unclear, got " + pred)
		}
	}
	if consult.Urgency(row.Urgency).Rank() >= 1 {
		rep.UrgentRows++
		if got.Urgency.Rank() >= 1 {
			rep.UrgentRecalled++
		} else if !crisisRow {
			miss("urgency " + string(got.Urgency) + ", want " + row.Urgency)
		}
	} else if got.Urgency == consult.Urgent {
		rep.UrgentFalse++
	}
	if got.Urgency == consult.Urgent && slices.ContainsFunc(got.Evidence, func(e consult.Evidence) bool { return e.Note == NoteLearned && e.Urgency == consult.Urgent }) {
		rep.LearnedUrgent++
		if consult.Urgency(row.Urgency).Rank() >= 1 {
			rep.LearnedUrgentRight++
		}
	}
}

func quote(s string) string {
	if s == "" {
		return `""`
	}
	return s
}
