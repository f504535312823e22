package flow

import "testing"

func TestPhoneNumber(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"090-1234-5678", "09012345678", true},
		{"０９０（１２３４）５６７８", "09012345678", true},
		{"+81 90 1234 5678", "09012345678", true},
		{"042-497-5061", "0424975061", true},
		{"0120-783-556", "0120783556", true},
		{"03 3264 4343", "0332644343", true},
		{"090-1234-567", "", false},
		{"0424-97-50612", "", false},
		{"1234567890", "", false},
		{"110", "", false},
		{"でんわ", "", false},
		{"090-1234-5678です", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := phoneNumber(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("phoneNumber(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParsePostback(t *testing.T) {
	tests := []struct {
		in   string
		ok   bool
		want postback
	}{
		{"v1:a:main.theme:money", true, postback{'a', "main.theme", "money"}},
		{"v1:e:handoff:kosodate", true, postback{'e', "handoff", "kosodate"}},
		{"v1:e:theme", true, postback{'e', "theme", ""}},
		{"v1:c:restart", true, postback{'c', "restart", ""}},
		{"v1:f:12:yes", true, postback{'f', "12", "yes"}},
		{"v1:c:restart:x", false, postback{}},
		{"v1:a:main.theme", false, postback{}},
		{"v2:c:restart", false, postback{}},
		{"v1:x:a", false, postback{}},
		{"v1::", false, postback{}},
		{"garbage", false, postback{}},
		{"", false, postback{}},
	}
	for _, tt := range tests {
		got, ok := parsePostback(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("parsePostback(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{"最初から": "最初から", " 最初 から。": "最初から", "ＳＴＯＰ！": "stop", "やめる ": "やめる"} {
		if got := normalize(in); got != want {
			t.Errorf("normalize(%q) = %q, want %q", in, got, want)
		}
	}
}
