package slack

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/slack/slackfake"
)

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const caseID = 96161130086558044

// sampleCase is a consented case with every kind of personal detail.
func sampleCase() consult.Case {
	return consult.Case{
		ID: caseID, Resident: "U4af4980629", Channel: consult.Houkatsu, Status: consult.CaseNew, Urgency: consult.Normal,
		ForWhom: consult.SubjectFamily,
		Summary: "母の介護認定をうけたい。山田花子です。電話は090-1234-5678、住所は西東京市田無町5-5-12です。",
		Contact: consult.Contact{Method: consult.ContactPhone, Phone: "09012345678", Name: "山田 花子"},
		Triage: consult.TriageResult{Channel: consult.Houkatsu, Urgency: consult.Normal, Confidence: 0.82, RunnerUp: consult.SeikatsuSoudan,
			Evidence: []consult.Evidence{{Term: "介護", Channel: consult.Houkatsu, Weight: 2}, {Term: "認定", Channel: consult.Houkatsu, Weight: 1.5}}},
		CreatedAt: time.Date(2026, 11, 27, 1, 2, 0, 0, time.UTC),
	}
}

// phoneLeaks lists the phone-like sequences in every request the fake got.
func phoneLeaks(f *slackfake.Server) []string {
	var out []string
	for _, r := range f.Requests() {
		for k, vs := range r.Form {
			if k == "token" {
				continue
			}
			for _, v := range vs {
				out = append(out, phoneLikeIn(v)...)
			}
		}
	}
	return out
}

func TestDeliverPostRendersCaseAndReturnsThread(t *testing.T) {
	e := newTestEnv(t, Config{}, sampleCase())
	d := e.deliver(consult.SlackJob{Op: consult.SlackPost, CaseID: caseID}, 1)
	if !d.Done || d.Err != nil {
		t.Fatalf("post: %+v", d)
	}
	posts := e.fake.Posts()
	if len(posts) != 1 || posts[0].Channel != testKaigo || d.SlackChannel != testKaigo || d.SlackTS != posts[0].TS {
		t.Fatalf("posts %+v, delivery %+v: want one post in %s whose ts is returned", posts, d, testKaigo)
	}
	blocks := string(posts[0].Blocks)
	for _, want := range []string{"通常｜地域包括支援センター", "家族のこと", "電話を希望", "未対応", "母の介護認定をうけたい",
		"介護 → 地域包括支援センター (+2.0)", `"action_id":"claim"`, `"value":"96161130086558044"`, "担当する", "対応済み",
		"窓口を変更", `"value":"96161130086558044:seikatsu-soudan"`, "https://tsunagu.example.jp/console/cases/96161130086558044"} {
		if !strings.Contains(blocks, want) {
			t.Errorf("message lacks %q:\n%s", want, blocks)
		}
	}
	for _, leak := range []string{"090", "1234-5678", "山田", "花子", "田無町", "5-5-12"} {
		if strings.Contains(blocks, leak) || strings.Contains(posts[0].Text, leak) {
			t.Errorf("minimal message shows %q:\n%s", leak, blocks)
		}
	}
	if strings.Contains(posts[0].Text, "介護") {
		t.Errorf("notification text carries what the resident wrote: %q", posts[0].Text)
	}
	if leaks := phoneLeaks(e.fake); len(leaks) > 0 {
		t.Errorf("phone-like sequences sent to Slack: %q", leaks)
	}
	// A second post job for the same case updates instead of posting again.
	if d := e.deliver(consult.SlackJob{Op: consult.SlackPost, CaseID: caseID}, 1); !d.Done || len(e.fake.Posts()) != 1 {
		t.Errorf("second post job: %+v, posts %d", d, len(e.fake.Posts()))
	}
}

func TestDeliverFullDetail(t *testing.T) {
	e := newTestEnv(t, Config{Detail: DetailFull}, sampleCase())
	e.deliver(consult.SlackJob{Op: consult.SlackPost, CaseID: caseID}, 1)
	blocks := string(e.fake.Posts()[0].Blocks)
	for _, want := range []string{"電話を希望：09012345678", "お名前：山田 花子", "田無町5-5-12"} {
		if !strings.Contains(blocks, want) {
			t.Errorf("full message lacks %q", want)
		}
	}
}

func TestDeliverUpdateInPlace(t *testing.T) {
	e := newTestEnv(t, Config{}, sampleCase())
	e.deliver(consult.SlackJob{Op: consult.SlackPost, CaseID: caseID}, 1)
	c, _ := e.store.Case(t.Context(), caseID)
	c.Status, c.ClaimedBy, c.ClaimedAt = consult.CaseClaimed, "sato (slack:U0SATO)", time.Date(2026, 11, 27, 1, 10, 0, 0, time.UTC)
	e.store.set(c)
	if d := e.deliver(consult.SlackJob{Op: consult.SlackUpdate, CaseID: caseID}, 1); !d.Done || d.SlackTS != "" {
		t.Fatalf("update: %+v", d)
	}
	posts := e.fake.Posts()
	if len(posts) != 1 || posts[0].Updates != 1 {
		t.Fatalf("posts %+v: want the one message updated once", posts)
	}
	blocks := string(posts[0].Blocks)
	if !strings.Contains(blocks, "対応中：\u003c@U0SATO\u003e（11/27 10:10）") && !strings.Contains(blocks, `対応中：\u003c@U0SATO\u003e（11/27 10:10）`) {
		t.Errorf("updated message does not say who claimed:\n%s", blocks)
	}
	if strings.Contains(blocks, `"action_id":"claim"`) || !strings.Contains(blocks, `"action_id":"resolve"`) {
		t.Errorf("claimed case: want resolve and reassign, no claim button:\n%s", blocks)
	}
	c.Status, c.ClosedBy, c.ClosedAt = consult.CaseResolved, "sato (slack:U0SATO)", c.ClaimedAt
	e.store.set(c)
	e.deliver(consult.SlackJob{Op: consult.SlackUpdate, CaseID: caseID}, 1)
	if blocks := string(e.fake.Posts()[0].Blocks); strings.Contains(blocks, `"type":"actions"`) || !strings.Contains(blocks, "対応済み：") {
		t.Errorf("resolved case keeps buttons or lacks its status:\n%s", blocks)
	}
}

func TestDeliverThreadRelayMasked(t *testing.T) {
	e := newTestEnv(t, Config{}, sampleCase())
	e.deliver(consult.SlackJob{Op: consult.SlackPost, CaseID: caseID}, 1)
	d := e.deliver(consult.SlackJob{Op: consult.SlackThread, CaseID: caseID, Text: "やっぱり 080-9999-0000 に <!channel> 電話ください"}, 1)
	posts := e.fake.Posts()
	if !d.Done || len(posts) != 2 || posts[1].ThreadTS != posts[0].TS {
		t.Fatalf("relay: %+v, posts %+v", d, posts)
	}
	if want := "*利用者*：やっぱり ［電話番号］ に &lt;!channel&gt; 電話ください"; posts[1].Text != want {
		t.Errorf("relay text = %q, want %q", posts[1].Text, want)
	}
	if leaks := phoneLeaks(e.fake); len(leaks) > 0 {
		t.Errorf("phone-like sequences sent to Slack: %q", leaks)
	}
}

func TestDeliverRateLimited(t *testing.T) {
	e := newTestEnv(t, Config{}, sampleCase())
	e.fake.SetFault(func(string) slackfake.Fault { return slackfake.Fault{Status: 429, RetryAfter: 7} })
	d := e.deliver(consult.SlackJob{Op: consult.SlackPost, CaseID: caseID}, 1)
	if d.Done || d.Permanent || d.RetryAfter != 7*time.Second || d.Err == nil {
		t.Fatalf("429: %+v, want a retry after 7s", d)
	}
	e.fake.SetFault(nil)
	if d := e.deliver(consult.SlackJob{Op: consult.SlackPost, CaseID: caseID}, 2); !d.Done || len(e.fake.Posts()) != 1 {
		t.Fatalf("after the 429: %+v, posts %d", d, len(e.fake.Posts()))
	}
}

func TestDeliverServerErrorRetried(t *testing.T) {
	e := newTestEnv(t, Config{}, sampleCase())
	e.fake.SetFault(func(string) slackfake.Fault { return slackfake.Fault{Status: 503} })
	if d := e.deliver(consult.SlackJob{Op: consult.SlackPost, CaseID: caseID}, 1); d.Done || d.Permanent || d.Err == nil {
		t.Fatalf("503: %+v, want a retry", d)
	}
	e.fake.SetFault(func(string) slackfake.Fault { return slackfake.Fault{Error: "invalid_blocks"} })
	if d := e.deliver(consult.SlackJob{Op: consult.SlackPost, CaseID: caseID}, 2); !d.Permanent {
		t.Fatalf("invalid_blocks: %+v, want permanent", d)
	}
}

// A post whose answer never came (the client timed out, Slack posted it):
// the next attempt finds it by its marker and does not post again.
func TestDeliverTimeoutPostsOnce(t *testing.T) {
	e := newTestEnv(t, Config{Timeout: 200 * time.Millisecond}, sampleCase())
	e.fake.SetFault(func(m string) slackfake.Fault {
		if m == "chat.postMessage" {
			return slackfake.Fault{Delay: 600 * time.Millisecond}
		}
		return slackfake.Fault{}
	})
	d := e.deliver(consult.SlackJob{Op: consult.SlackPost, CaseID: caseID}, 1)
	if d.Done || d.Permanent || d.SlackTS != "" {
		t.Fatalf("timed-out post: %+v, want a retry", d)
	}
	e.fake.SetFault(nil)
	d = e.deliver(consult.SlackJob{Op: consult.SlackPost, CaseID: caseID}, 2)
	posts := e.fake.Posts()
	if !d.Done || len(posts) != 1 || d.SlackTS != posts[0].TS || d.SlackChannel != testKaigo {
		t.Fatalf("retry: %+v, posts %+v: want the earlier post found, not a second one", d, posts)
	}
	// The same for a thread note.
	e.fake.SetFault(func(m string) slackfake.Fault {
		if m == "chat.postMessage" {
			return slackfake.Fault{Delay: 600 * time.Millisecond}
		}
		return slackfake.Fault{}
	})
	job := consult.SlackJob{Op: consult.SlackThread, CaseID: caseID, Text: "もしもし"}
	if d := e.deliver(job, 1); d.Done {
		t.Fatalf("timed-out relay reported done")
	}
	e.fake.SetFault(nil)
	if d := e.deliver(job, 2); !d.Done {
		t.Fatalf("relay retry: %+v", d)
	}
	if n := len(e.fake.Posts()); n != 2 {
		t.Errorf("%d messages after a timed-out relay and its retry, want 2", n)
	}
}

func TestDeliverChannelFallbackAndNames(t *testing.T) {
	e := newTestEnv(t, Config{Timeout: 200 * time.Millisecond, Routes: map[consult.Channel]string{consult.Houkatsu: "#kaigo", consult.DV: "CGONE00001"}}, sampleCase(),
		consult.Case{ID: 2, Channel: consult.DV, Status: consult.CaseNew, Urgency: consult.Urgent})
	e.fake.Missing("CGONE00001")
	if d := e.deliver(consult.SlackJob{Op: consult.SlackPost, CaseID: caseID}, 1); !d.Done || d.SlackChannel != testKaigo {
		t.Fatalf("#name route: %+v", d)
	}
	if d := e.deliver(consult.SlackJob{Op: consult.SlackPost, CaseID: 2}, 1); !d.Done || d.SlackChannel != testDefault {
		t.Fatalf("missing channel: %+v, want the default channel", d)
	}
	// A retry of a #name route looks in the resolved channel.
	e.fake.SetFault(func(m string) slackfake.Fault {
		if m == "chat.postMessage" {
			return slackfake.Fault{Delay: 600 * time.Millisecond}
		}
		return slackfake.Fault{}
	})
	c := sampleCase()
	c.ID, c.Resident = 3, "U2"
	e.store.set(c)
	e.deliver(consult.SlackJob{Op: consult.SlackPost, CaseID: 3}, 1)
	e.fake.SetFault(nil)
	if d := e.deliver(consult.SlackJob{Op: consult.SlackPost, CaseID: 3}, 2); !d.Done || d.SlackChannel != testKaigo {
		t.Fatalf("retry of #name route: %+v", d)
	}
	if n := len(e.fake.Posts()); n != 3 {
		t.Errorf("%d posts, want 3", n)
	}
}
