package flow

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/n-csw/tsunagu/internal/consult"
)

// goTo runs steps from ref until a question waits for the resident or the
// conversation ends.
func (t *turn) goTo(ref string) {
	p := t.e.p
	for i := 0; ; i++ {
		st := p.steps[ref]
		if st == nil || i >= maxStepsPerTurn {
			t.errs = append(t.errs, fmt.Errorf("step %q: missing or too many steps in one turn", ref))
			t.s.Flow, t.s.Step = "", ""
			return
		}
		if st.reset {
			t.resetVars()
		}
		t.apply(st.set, st.ref)
		t.say(st.ref, st.say)
		switch st.kind {
		case kindAsk:
			t.ask(st, true)
			return
		case kindTriage:
			t.setTriage(t.triage(t.v(st.triageVar)))
			ref = st.next
		case kindBranch:
			ref = st.elseNext
			for _, bc := range st.branch {
				if t.eval(bc.cond) {
					ref = bc.next
					break
				}
			}
		case kindHandoff:
			t.handoff()
			ref = st.next
		case kindEffect:
			t.stepEffect(st.effect)
			ref = st.next
		case kindReturn:
			back := p.steps[t.v(varReturn)]
			t.set(varReturn, "")
			if back != nil && back.kind == kindAsk {
				t.ask(back, false)
				return
			}
			t.s.Flow, t.s.Step = "", ""
			ref = p.settings.home
		case kindEnd:
			t.end()
			return
		default:
			ref = st.next
		}
	}
}

func (t *turn) apply(vars []setVar, origin string) {
	for _, sv := range vars {
		t.set(sv.key, t.render(sv.val, nil, origin))
	}
}

func (t *turn) end() {
	t.resetVars()
	t.s.Flow, t.s.Step = "", ""
}

// ask sends the question of st (after its say messages when withSay was
// handled by goTo) and waits there.
func (t *turn) ask(st *step, _ bool) {
	var qr []consult.Action
	for _, o := range st.ask.options {
		if !t.visible(o) {
			continue
		}
		label := t.render(o.label, nil, st.ref)
		if label == "" {
			continue
		}
		qr = append(qr, consult.Action{Kind: consult.ActionPostback, Label: label,
			Data: postbackAnswer(st.ref, o.key), DisplayText: label})
	}
	text := t.render(st.ask.text, nil, st.ref)
	if text != "" {
		t.add(consult.OutMessage{Text: text, QuickReplies: qr}, st.ref)
	}
	t.s.Flow, t.s.Step = st.flow, st.id
}

// reask repeats the question the resident is at (home when none).
func (t *turn) reask() {
	if a := t.currentAsk(); a != nil {
		t.reaskStep(a)
	}
}

func (t *turn) reaskStep(a *step) { t.ask(a, false) }

func (t *turn) add(m consult.OutMessage, origin string) {
	t.msgs = append(t.msgs, m)
	t.origin = append(t.origin, origin)
}

func (t *turn) notice(name string) {
	t.say("notice "+name, t.e.p.notices[name])
}

func (t *turn) stepEffect(k consult.EffectKind) {
	switch k {
	case consult.EffectCrisis:
		e := consult.Effect{Kind: k, Crisis: consult.Crisis(t.v(varCrisis)), Urgency: consult.Emergency,
			Channel: consult.Channel(t.v(varChannel)), ForWhom: consult.Subject(t.v(varForWhom)),
			Summary: t.summary(), Triage: t.triageResult()}
		t.effect(e)
	case consult.EffectDVSafe:
		t.set(varDVSafe, "1")
		t.effect(consult.Effect{Kind: k})
	case consult.EffectWithdraw:
		t.set(varHandoff, "")
		t.effect(consult.Effect{Kind: k})
	case consult.EffectFollowUp:
		id, err := strconv.ParseInt(t.v(varCaseID), 10, 64)
		if err != nil || id <= 0 {
			t.errs = append(t.errs, fmt.Errorf("follow-up effect without a case"))
			return
		}
		t.effect(consult.Effect{Kind: k, CaseID: id, Value: t.v(varFollowup)})
		t.set(varCaseID, "")
		t.set(varFollowup, "")
	}
}

// handoff opens a case with the resident's consent.
func (t *turn) handoff() {
	ch := consult.Channel(t.v(varChannel))
	if !ch.Valid() || ch == "" {
		ch = consult.Other
	}
	u := consult.Urgency(t.v(varUrgency))
	if !u.Valid() {
		u = consult.Normal
	}
	ct := &consult.Contact{Method: consult.ContactLINE}
	if t.v(varContact) == string(consult.ContactPhone) && t.v(varPhone) != "" {
		ct = &consult.Contact{Method: consult.ContactPhone, Phone: t.v(varPhone)}
	}
	t.effect(consult.Effect{Kind: consult.EffectHandoff, Channel: ch, Urgency: u,
		ForWhom: consult.Subject(t.v(varForWhom)), Contact: ct, Summary: t.summary(), Triage: t.triageResult()})
	t.set(varPhone, "")
	t.set(varHandoff, "1")
}

func (t *turn) summary() string {
	return strings.TrimSpace(t.render(t.e.p.settings.summary, nil, "settings.summary"))
}

func (t *turn) triageResult() *consult.TriageResult {
	s := t.v(varTriage)
	if s == "" {
		return nil
	}
	var r consult.TriageResult
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		return nil
	}
	return &r
}

// eval evaluates a condition against the session and the directory.
func (t *turn) eval(c *cond) bool {
	switch c.kind {
	case condVar:
		v := t.v(c.name)
		switch c.op {
		case "eq":
			return v == c.vals[0]
		case "ne":
			return v != c.vals[0]
		case "in":
			return contains(c.vals, v)
		case "set":
			return (v != "") == c.truth
		case "ge":
			n, _ := strconv.Atoi(v)
			return n >= c.num
		}
	case condOpen:
		st := t.places().current.state
		return st == c.name
	case condHas:
		return len(t.items(c.name)) > 0
	case condPair:
		a, b := t.v(varCand1), t.v(varCand2)
		return (a == c.vals[0] && b == c.vals[1]) || (a == c.vals[1] && b == c.vals[0])
	case condCaseOpen:
		return t.in.CaseOpen == c.truth
	case condAll:
		for _, s := range c.subs {
			if !t.eval(s) {
				return false
			}
		}
		return true
	case condAny:
		for _, s := range c.subs {
			if t.eval(s) {
				return true
			}
		}
		return false
	case condNot:
		return !t.eval(c.subs[0])
	}
	return false
}

// fitTurn keeps a turn within LINE's five messages: consecutive texts are
// joined first, then the middle is dropped (the last message carries the
// question and its quick replies). flows check reports such turns.
func fitTurn(msgs []consult.OutMessage, origin []string) ([]consult.OutMessage, []string) {
	if len(msgs) <= 5 {
		return msgs, origin
	}
	var out []consult.OutMessage
	var org []string
	for i, m := range msgs {
		if n := len(out); n > 0 && m.Card == nil && out[n-1].Card == nil && len(out[n-1].QuickReplies) == 0 && len(msgs)-i+n > 5 {
			out[n-1].Text += "\n\n" + m.Text
			out[n-1].QuickReplies = m.QuickReplies
			continue
		}
		out = append(out, m)
		org = append(org, origin[i])
	}
	if len(out) > 5 {
		out = append(out[:4], out[len(out)-1])
		org = append(org[:4], org[len(org)-1])
	}
	return out, org
}
