package flow

import (
	"fmt"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/flow/linelimits"
)

// Notice renders a named system message of the notices: section with vars
// as {{.V.name}}. The bot uses "group" (sent once to a group or room: this
// account is for one-to-one consultation), "followup" (vars: case — the
// case ID carried by the answer buttons) and "staff-reply" (vars: team,
// text — a staff member's reply relayed to the resident).
func (e *Engine) Notice(name string, vars map[string]string) ([]consult.OutMessage, error) {
	ms, ok := e.p.notices[name]
	if !ok {
		return nil, fmt.Errorf("notice %q: %w", name, consult.ErrNotFound)
	}
	s := consult.Session{Vars: map[string]string{}}
	for k, v := range vars {
		s.Vars[k] = v
	}
	t := e.newTurn(s, consult.Input{Now: noticeTime})
	t.say("notice "+name, ms)
	if len(t.errs) > 0 {
		return nil, fmt.Errorf("notice %q: %w", name, t.errs[0])
	}
	if len(t.msgs) == 0 {
		return nil, fmt.Errorf("notice %q renders no message: %w", name, consult.ErrInvalid)
	}
	if v := linelimits.Check(t.msgs); len(v) > 0 {
		return nil, fmt.Errorf("notice %q: %s: %w", name, v[0], consult.ErrInvalid)
	}
	return t.msgs, nil
}

// noticeTime: notices do not depend on the time; a zero time makes every
// "open now" phrase the unknown one.
var noticeTime time.Time

// CheckMessages checks the messages of one turn against LINE's limits
// (5 messages, texts of 5,000 UTF-16 units, 13 quick replies with labels of
// 20, card buttons with labels of 40, altText of 1,500, postback data of
// 300, only tel: and https: links). The LINE adapter calls it before
// sending; flows check on every rendered turn.
func CheckMessages(msgs []consult.OutMessage) []Problem {
	var out []Problem
	for _, v := range linelimits.Check(msgs) {
		out = append(out, Problem{File: "message", Field: v.Path, Rule: v.Rule, Msg: v.Msg})
	}
	return out
}

func (p *Program) commandByWord(w string) *command {
	for _, c := range p.commands {
		if contains(c.words, w) {
			return c
		}
	}
	return nil
}

func (p *Program) commandByID(id string) *command {
	for _, c := range p.commands {
		if c.id == id {
			return c
		}
	}
	return nil
}
