package consult

// CaseChange is what a staff action writes, in one transaction with the
// case: the updated case, timeline lines, transcript lines and deliveries.
type CaseChange struct {
	Case Case
	// Also are further cases written with it (the new case of a referral).
	Also       []Case
	Events     []CaseEvent
	Transcript []Message
	Outbox     []OutboxItem
}

// CaseActionKind is what a staff member does to a case.
type CaseActionKind string

// Staff actions.
const (
	CaseClaim    CaseActionKind = "claim"    // 担当する
	CaseResolve  CaseActionKind = "resolve"  // 対応済み
	CaseReassign CaseActionKind = "reassign" // 窓口を変更 (to Channel)
	CaseNote     CaseActionKind = "note"     // a note on the timeline
	CaseReopen   CaseActionKind = "reopen"   // back to new (a mistaken resolve)
)

// CaseAction is one staff action.
type CaseAction struct {
	Kind CaseActionKind
	// By names the staff member (console user or Slack user).
	By string
	// Channel is the new channel of a reassignment.
	Channel Channel
	// Note is a staff note (sensitive: never logged).
	Note string
}
