package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/n-csw/tsunagu/internal/consult"
)

// Case event actions of staff.
const (
	ActionClaimed    = "claimed"
	ActionResolved   = "resolved"
	ActionReferred   = "referred"
	ActionReferredIn = "referred-from"
	ActionNote       = "note"
	ActionReopened   = "reopened"
	ActionStaffReply = "staff-reply"
)

// ErrNoPush is returned when a staff reply may not be pushed: the resident
// blocked the account, or the case is DV-safe (no unprompted messages).
var ErrNoPush = errors.New("the resident cannot be messaged")

// Cases applies staff actions to cases (from Slack buttons and the
// console). Every action is idempotent: repeating it changes nothing.
type Cases struct {
	store CaseStore
	conv  Conversation
	opts  Options
	now   func() time.Time
}

// NewCases returns the case service.
func NewCases(s CaseStore, conv Conversation, opts Options) *Cases {
	return &Cases{store: s, conv: conv, opts: opts, now: time.Now}
}

// Act applies a staff action. changed is false when the action changed
// nothing (a double click, or the case is already in that state).
func (s *Cases) Act(ctx context.Context, id int64, a consult.CaseAction) (c consult.Case, changed bool, err error) {
	if a.By == "" {
		return c, false, fmt.Errorf("case action without actor: %w", consult.ErrInvalid)
	}
	errUnchanged := errors.New("unchanged")
	c, err = s.store.UpdateCase(ctx, id, func(c consult.Case, r consult.Resident) (consult.CaseChange, error) {
		ch, ok, err := s.apply(c, r, a)
		if err != nil {
			return ch, err
		}
		if !ok {
			return ch, errUnchanged
		}
		return ch, nil
	})
	if errors.Is(err, errUnchanged) {
		got, rerr := s.read(ctx, id)
		return got, false, rerr
	}
	return c, err == nil, err
}

// read returns a case unchanged (through a no-op update, to stay on the
// CaseStore interface).
func (s *Cases) read(ctx context.Context, id int64) (consult.Case, error) {
	var got consult.Case
	errRead := errors.New("read")
	_, err := s.store.UpdateCase(ctx, id, func(c consult.Case, _ consult.Resident) (consult.CaseChange, error) {
		got = c
		return consult.CaseChange{}, errRead
	})
	if errors.Is(err, errRead) {
		return got, nil
	}
	return got, err
}

func (s *Cases) apply(c consult.Case, r consult.Resident, a consult.CaseAction) (consult.CaseChange, bool, error) {
	now := s.now().UTC()
	ch := consult.CaseChange{Case: c}
	ev := func(caseID int64, action, detail string) {
		ch.Events = append(ch.Events, consult.CaseEvent{CaseID: caseID, At: now, Actor: a.By, Action: action, Detail: detail})
	}
	switch a.Kind {
	case consult.CaseClaim:
		if c.Status != consult.CaseNew {
			return ch, false, nil
		}
		ch.Case.Status, ch.Case.ClaimedAt, ch.Case.ClaimedBy = consult.CaseClaimed, now, a.By
		ev(c.ID, ActionClaimed, "")
	case consult.CaseResolve:
		if !c.Status.Open() {
			return ch, false, nil
		}
		ch.Case.Status, ch.Case.ClosedAt, ch.Case.ClosedBy = consult.CaseResolved, now, a.By
		ev(c.ID, ActionResolved, "")
		if err := s.scheduleFollowUp(&ch, r, now); err != nil {
			return ch, false, err
		}
	case consult.CaseReassign:
		if !a.Channel.Valid() {
			return ch, false, fmt.Errorf("reassign to %q: %w", a.Channel, consult.ErrInvalid)
		}
		if !c.Status.Open() || a.Channel == c.Channel {
			return ch, false, nil
		}
		next := c
		next.ID, next.Channel, next.Status = consult.NewID(now), a.Channel, consult.CaseNew
		next.CreatedAt, next.UpdatedAt = now, now
		next.NotifiedAt, next.ClaimedAt, next.ClaimedBy = time.Time{}, time.Time{}, ""
		next.ClosedAt, next.ClosedBy, next.ReferredTo = time.Time{}, "", ""
		next.SlackChannel, next.SlackTS, next.EscalatedAt = "", "", time.Time{}
		if !s.opts.Slack {
			next.NotifiedAt = now
		}
		ch.Case.Status, ch.Case.ClosedAt, ch.Case.ClosedBy, ch.Case.ReferredTo = consult.CaseReferred, now, a.By, a.Channel
		ch.Also = append(ch.Also, next)
		ev(c.ID, ActionReferred, string(a.Channel))
		ev(next.ID, ActionReferredIn, string(c.Channel))
		if err := s.slack(&ch, next.ID, c.Resident, consult.SlackJob{Op: consult.SlackPost, Note: "referred-from:" + string(c.Channel)}); err != nil {
			return ch, false, err
		}
		if err := s.slack(&ch, c.ID, c.Resident, consult.SlackJob{Op: consult.SlackThread, Note: "referred-to:" + string(a.Channel)}); err != nil {
			return ch, false, err
		}
	case consult.CaseNote:
		if a.Note == "" {
			return ch, false, nil
		}
		ch.Transcript = append(ch.Transcript, consult.Message{Resident: c.Resident, CaseID: c.ID, Direction: consult.FromNote,
			Text: a.Note, Author: a.By, At: now})
		ev(c.ID, ActionNote, "")
		return ch, true, nil
	case consult.CaseReopen:
		if c.Status.Open() {
			return ch, false, nil
		}
		ch.Case.Status, ch.Case.ClosedAt, ch.Case.ClosedBy, ch.Case.ReferredTo = consult.CaseNew, time.Time{}, "", ""
		ch.Case.ClaimedAt, ch.Case.ClaimedBy = time.Time{}, ""
		ev(c.ID, ActionReopened, "")
	default:
		return ch, false, fmt.Errorf("unknown case action %q: %w", a.Kind, consult.ErrInvalid)
	}
	ch.Case.UpdatedAt = now
	if err := s.slack(&ch, c.ID, c.Resident, consult.SlackJob{Op: consult.SlackUpdate}); err != nil {
		return ch, false, err
	}
	return ch, true, nil
}

// StaffReply relays a staff member's message to the resident on LINE as a
// push with a retry key, recording it on the case's transcript. Replying
// claims an unclaimed case.
func (s *Cases) StaffReply(ctx context.Context, id int64, author, team, text string) error {
	_, err := s.store.UpdateCase(ctx, id, func(c consult.Case, r consult.Resident) (consult.CaseChange, error) {
		ch := consult.CaseChange{Case: c}
		if r.Blocked() || c.DVSafe || r.DVSafe {
			return ch, ErrNoPush
		}
		now := s.now().UTC()
		msgs, err := s.conv.Notice("staff-reply", map[string]string{"team": team, "text": text})
		if err != nil {
			return ch, fmt.Errorf("render staff reply: %w", err)
		}
		if err := s.push(&ch, c, msgs, now, now); err != nil {
			return ch, err
		}
		ch.Transcript = append(ch.Transcript, consult.Message{Resident: c.Resident, CaseID: c.ID, Direction: consult.FromStaff,
			Text: text, Author: author, At: now})
		ch.Events = append(ch.Events, consult.CaseEvent{CaseID: c.ID, At: now, Actor: author, Action: ActionStaffReply})
		if c.Status == consult.CaseNew {
			ch.Case.Status, ch.Case.ClaimedAt, ch.Case.ClaimedBy = consult.CaseClaimed, now, author
			ch.Events = append(ch.Events, consult.CaseEvent{CaseID: c.ID, At: now, Actor: author, Action: ActionClaimed})
			if err := s.slack(&ch, c.ID, c.Resident, consult.SlackJob{Op: consult.SlackUpdate}); err != nil {
				return ch, err
			}
		}
		ch.Case.UpdatedAt = now
		return ch, nil
	})
	return err
}

// scheduleFollowUp queues 「つながれましたか？」 some days after a case is
// resolved, through the outbox (a block before then cancels it). Never to a
// DV-safe or blocked resident.
func (s *Cases) scheduleFollowUp(ch *consult.CaseChange, r consult.Resident, now time.Time) error {
	c := ch.Case
	if s.opts.FollowUpAfter <= 0 || r.Blocked() || r.DVSafe || c.DVSafe || c.Crisis != consult.NoCrisis {
		return nil
	}
	msgs, err := s.conv.Notice("followup", map[string]string{"case": strconv.FormatInt(c.ID, 10)})
	if err != nil {
		return fmt.Errorf("render follow-up: %w", err)
	}
	if err := s.push(ch, c, msgs, now, now.Add(s.opts.FollowUpAfter)); err != nil {
		return err
	}
	ch.Outbox[len(ch.Outbox)-1].Key = "followup:" + strconv.FormatInt(c.ID, 10)
	return nil
}

func (s *Cases) push(ch *consult.CaseChange, c consult.Case, msgs []consult.OutMessage, now, at time.Time) error {
	payload, err := json.Marshal(msgs)
	if err != nil {
		return fmt.Errorf("encode push: %w", err)
	}
	ch.Outbox = append(ch.Outbox, consult.OutboxItem{Kind: consult.OutLINEPush, Resident: c.Resident, CaseID: c.ID,
		RetryKey: uuid.NewString(), Payload: payload, NextAt: at, CreatedAt: now})
	return nil
}

func (s *Cases) slack(ch *consult.CaseChange, caseID int64, resident string, job consult.SlackJob) error {
	if !s.opts.Slack {
		return nil
	}
	job.CaseID = caseID
	payload, err := json.Marshal(job)
	if err != nil {
		return fmt.Errorf("encode slack job: %w", err)
	}
	ch.Outbox = append(ch.Outbox, consult.OutboxItem{Kind: consult.OutSlack, Resident: resident, CaseID: caseID, Payload: payload})
	return nil
}
