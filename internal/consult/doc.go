// Package consult holds tsunagu's domain vocabulary: consultation channels,
// urgency, crisis kinds, residents, sessions, transcripts, cases, outbound
// messages and the outbox. It imports only the standard library so that every
// other package can share these types without depending on each other.
package consult
