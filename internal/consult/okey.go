package consult

import "strconv"

// OrderKey is the key within which outbox items are delivered strictly in
// order: all LINE messages of one resident, all Slack posts of one case.
func (o OutboxItem) OrderKey() string {
	if o.Key != "" {
		return o.Key
	}
	if o.Kind == OutSlack {
		if o.CaseID != 0 {
			return "slack:" + strconv.FormatInt(o.CaseID, 10)
		}
		return "slack:r:" + o.Resident
	}
	return LINEOrderKey(o.Resident)
}

// LINEOrderKey is the order key of a resident's LINE messages.
func LINEOrderKey(resident string) string { return "line:" + resident }
