package slack

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/n-csw/tsunagu/internal/consult"
)

//go:embed messages.yaml
var messagesYAML []byte

// Texts are the staff-facing texts of the Slack messages (messages.yaml).
type Texts struct {
	Urgency      map[consult.Urgency]string `yaml:"urgency"`
	Header       string                     `yaml:"header"`
	HeaderCrisis string                     `yaml:"header_crisis"`
	Crisis       map[consult.Crisis]string  `yaml:"crisis"`
	ForWhom      map[string]string          `yaml:"for_whom"`
	Contact      struct {
		LINE, Phone, Unknown string
		PhoneFull            string `yaml:"phone_full"`
		NameFull             string `yaml:"name_full"`
	} `yaml:"contact"`
	Labels struct {
		Channel, Contact, Status, Summary, Evidence, Confidence, Case, Console, Masked string
		ForWhom                                                                        string `yaml:"for_whom"`
		NoSummary                                                                      string `yaml:"no_summary"`
		RunnerUp                                                                       string `yaml:"runner_up"`
		OutOfHours                                                                     string `yaml:"out_of_hours"`
		DVSafe                                                                         string `yaml:"dv_safe"`
		ReferredFrom                                                                   string `yaml:"referred_from"`
	} `yaml:"labels"`
	EvidenceNotes map[string]string                         `yaml:"evidence_notes"`
	Status        map[consult.CaseStatus]string             `yaml:"status"`
	Buttons       struct{ Claim, Resolve, Reassign string } `yaml:"buttons"`
	Notify        string                                    `yaml:"notify"`
	Thread        struct {
		Resident, Withdrawn, Escalate, Remind string
		ReferredTo                            string `yaml:"referred_to"`
		ReferredFrom                          string `yaml:"referred_from"`
		EscalateRaised                        string `yaml:"escalate_raised"`
		EscalationCopy                        string `yaml:"escalation_copy"`
		NotSent                               string `yaml:"not_sent"`
		SendFailed                            string `yaml:"send_failed"`
	} `yaml:"thread"`
	Ephemeral struct {
		Failed         string
		NotFound       string `yaml:"not_found"`
		AlreadyClaimed string `yaml:"already_claimed"`
		AlreadyClosed  string `yaml:"already_closed"`
		SameChannel    string `yaml:"same_channel"`
	} `yaml:"ephemeral"`
	// InternalPrefixes start staff notes that are not sent to the resident.
	InternalPrefixes []string `yaml:"internal_prefixes"`
	// SentReaction is put on a staff message sent to the resident.
	SentReaction string `yaml:"sent_reaction"`
	Mask         struct {
		Phone, Address, Email, Name string
		Towns                       []string
	} `yaml:"mask"`
}

// LoadTexts reads and checks messages.yaml as embedded in the binary.
func LoadTexts() (*Texts, error) { return parseTexts(messagesYAML) }

func parseTexts(data []byte) (*Texts, error) {
	var t Texts
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("load slack texts: %w", err)
	}
	if err := t.check(); err != nil {
		return nil, fmt.Errorf("load slack texts: %w", err)
	}
	return &t, nil
}

// check finds missing texts and the ones that break Block Kit limits.
func (t *Texts) check() error {
	var missing []string
	need := func(name, v string) {
		if strings.TrimSpace(v) == "" {
			missing = append(missing, name)
		}
	}
	for _, u := range []consult.Urgency{consult.Emergency, consult.Urgent, consult.Normal} {
		need("urgency."+string(u), t.Urgency[u])
	}
	for _, k := range consult.Crises() {
		need("crisis."+string(k), t.Crisis[k])
	}
	for _, s := range []consult.CaseStatus{consult.CaseNew, consult.CaseClaimed, consult.CaseResolved, consult.CaseReferred, consult.CaseWithdrawn} {
		need("status."+string(s), t.Status[s])
	}
	for _, w := range []string{"self", "family", "neighbour", "other", "unknown"} {
		need("for_whom."+w, t.ForWhom[w])
	}
	for name, v := range map[string]string{
		"header": t.Header, "header_crisis": t.HeaderCrisis, "notify": t.Notify,
		"contact.line": t.Contact.LINE, "contact.phone": t.Contact.Phone, "contact.unknown": t.Contact.Unknown,
		"contact.phone_full": t.Contact.PhoneFull, "contact.name_full": t.Contact.NameFull,
		"labels.channel": t.Labels.Channel, "labels.for_whom": t.Labels.ForWhom, "labels.contact": t.Labels.Contact,
		"labels.status": t.Labels.Status, "labels.summary": t.Labels.Summary, "labels.evidence": t.Labels.Evidence,
		"labels.case": t.Labels.Case, "labels.console": t.Labels.Console, "labels.no_summary": t.Labels.NoSummary,
		"buttons.claim": t.Buttons.Claim, "buttons.resolve": t.Buttons.Resolve, "buttons.reassign": t.Buttons.Reassign,
		"thread.resident": t.Thread.Resident, "thread.escalate": t.Thread.Escalate, "thread.remind": t.Thread.Remind,
		"thread.referred_to": t.Thread.ReferredTo, "thread.referred_from": t.Thread.ReferredFrom,
		"thread.escalate_raised": t.Thread.EscalateRaised, "thread.escalation_copy": t.Thread.EscalationCopy,
		"thread.not_sent": t.Thread.NotSent, "thread.send_failed": t.Thread.SendFailed, "thread.withdrawn": t.Thread.Withdrawn,
		"ephemeral.not_found": t.Ephemeral.NotFound, "ephemeral.failed": t.Ephemeral.Failed,
		"ephemeral.already_claimed": t.Ephemeral.AlreadyClaimed, "ephemeral.already_closed": t.Ephemeral.AlreadyClosed,
		"ephemeral.same_channel": t.Ephemeral.SameChannel,
		"mask.phone":             t.Mask.Phone, "mask.address": t.Mask.Address, "mask.email": t.Mask.Email, "mask.name": t.Mask.Name,
	} {
		need(name, v)
	}
	if len(missing) > 0 {
		return fmt.Errorf("missing texts: %s", strings.Join(missing, ", "))
	}
	for name, v := range map[string]string{"buttons.claim": t.Buttons.Claim, "buttons.resolve": t.Buttons.Resolve, "buttons.reassign": t.Buttons.Reassign} {
		if n := utf8.RuneCountInString(v); n > maxButton {
			return fmt.Errorf("%s has %d characters, Slack allows %d", name, n, maxButton)
		}
	}
	return nil
}

// fill replaces {key} placeholders by the values of kv (key, value, …).
func fill(tmpl string, kv ...string) string {
	pairs := make([]string, 0, len(kv))
	for i := 0; i+1 < len(kv); i += 2 {
		pairs = append(pairs, "{"+kv[i]+"}", kv[i+1])
	}
	return strings.NewReplacer(pairs...).Replace(tmpl)
}
