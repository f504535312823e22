// Package flow runs tsunagu's guided conversation, written by coordinators
// in flows/*.yaml (every file but channels.yaml, the directory). Load
// compiles and validates the files; Engine.Step is pure: (session, input) →
// (session, messages, effects), time only from Input.Now.
//
// # The flow language
//
// A file may hold any of these sections; each name is defined once overall:
//
//	settings:   follow, home (an ask step), crisis, followup, idle (30m),
//	            sure/close/unsure (triage thresholds), summary (for staff),
//	            followup_values
//	flows:      name → steps (a list; a step goes on to the next one by default)
//	commands:   global commands: id, words (typed), goto, case_open
//	entries:    entry points for card buttons: name → {arg: channel|place|crisis, goto}
//	cards:      Flex bubble templates: alt, title, subtitle, lines, buttons (≤ 4), tone
//	notices:    named system messages (group, followup, staff-reply, idle, stale,
//	            other-input, use-buttons, case-open, error)
//	texts:      named texts, used as {{.T "name"}}
//	status:     "open now" phrases; weekdays: Sunday first
//	topics:     per channel ID: label (buttons) and about (one sentence naming it)
//
// A step may reset the variables, set some, and say messages, then does one
// thing:
//
//   - id: theme                      # ask: a question with quick replies
//     ask:
//     text: どんな ことで こまって いますか？
//     options:
//   - {key: kids, label: 子育て, words: [こそだて], set: {th: kids}, next: kids-who}
//     free: route                  # typed text → var in, then here
//     expect: phone                # optional: text must be a JP phone → var ph
//     invalid: phone-bad           #   … else here
//   - id: route                      # triage var in → tv ch ru ca cb cr ug ab fw tr
//     triage: {}
//   - id: verdict                    # branch: first true arm, else
//     branch:
//   - {if: {var: tv, eq: sure}, next: show}
//   - {if: {pair: [houkatsu, shougai]}, next: guide-age}
//     else: unclear
//   - id: show                       # say (messages), then next
//     say:
//   - text: '{{.Topic.About}}'
//   - {card: place}
//   - {card: after-hours, if: {open: "no"}}
//   - {card: place, each: other-places, max: 3}
//     next: offer
//   - {id: done, handoff: {}}        # EffectHandoff from the variables
//   - {id: alert, effect: crisis}    # crisis | dv-safe | withdraw | follow-up
//   - {id: jump, goto: main.theme}   # steps of other flows as flow.step
//   - {id: back, return: true}       # back to the question before a command
//   - {id: stop, end: true}          # the conversation ends (variables cleared)
//
// Conditions: {var: x, eq|ne: v}, {var: x, in: [..]}, {var: x, set: true},
// {var: x, ge: 2}, {open: yes|no|unknown} (the place shown), {has: source},
// {pair: [a, b]} (the two close candidates), {case_open: true},
// {all: [..]}, {any: [..]}, {not: ..}. Sources for each: and has:: places,
// other-places, hotlines (of var cr, open first), after-hours, all-hotlines.
//
// Texts are text/template with .V (variables), .Place, .Hotline, .Council,
// .Topic, .T "name", .TopicOf "channel", .Hotlines n, .AfterHours n,
// .AllHotlines and the function inc. Card buttons: call (a number → tel:),
// uri (tel: or https:), entry+arg, command or followup; a button or line
// that renders empty is left out.
//
// # Variables (Session.Vars)
//
//	in  last free text            tx  the resident's texts (summary)
//	th  theme button              ch  channel shown (setting it clears pl)
//	ru  runner-up channel         ca, cb  close candidates
//	tv  crisis|sure|close|unclear cr  crisis kind
//	ug  urgency                   ab  about (triage)
//	fw  for whom                  pl  place shown
//	tr  triage result (JSON)      cm  contact: line|phone
//	ph  phone (cleared at handoff) rs  question to return to
//	ts  last input (Unix s)       rt, pt  retry counters (flows)
//	fc, fv  follow-up case, answer
//	dv  DV-safe, hc  handed off: kept across conversations
//
// # Postback data
//
// v1:a:<flow>.<step>:<key> answers the question the resident is at (else
// "stale" and the question again); v1:e:<entry>[:<arg>] enters from a card
// button (argument checked against the directory); v1:c:<command>;
// v1:f:<case>:<value> answers the follow-up. Anything else is stale.
//
// # Turn rules
//
// Every text is triaged first: a crisis goes to settings.crisis at once,
// whatever the step (numbers first). Command words come before that. While
// Input.CaseOpen the resident's messages become EffectToStaff and nothing is
// said, except for commands (their case_open target) and crises. A
// conversation resting longer than settings.idle restarts with the "idle"
// notice. A turn is kept within 5 messages.
package flow
