package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/n-csw/tsunagu/internal/config"
	"github.com/n-csw/tsunagu/internal/console"
	"github.com/n-csw/tsunagu/internal/consult"
)

func init() {
	register(command{
		name: "user",
		usage: "user add NAME --role {admin,coordinator,staff} [--channel ID,ID]   (password from stdin, or generated and printed)\n" +
			"         user passwd NAME | user disable NAME | user enable NAME | user list",
		run: runUser,
	})
}

func runUser(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		return errUsage
	}
	sub, args := args[0], args[1:]
	name := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	role := fs.String("role", "", "admin, coordinator or staff")
	channels := fs.String("channel", "", "channel IDs a staff member works for, comma-separated (e.g. houkatsu,kenri-yougo)")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return errUsage
	}
	if (sub == "list") != (name == "") || (sub != "add" && (*role != "" || *channels != "")) {
		return errUsage
	}
	cfg, err := config.Load(e.Getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	raw, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer raw.Close()
	st, err := asConsoleStore(raw)
	if err != nil {
		return err
	}
	switch sub {
	case "add":
		chs, err := parseChannels(*channels)
		if err != nil {
			return err
		}
		pw, typed, err := readPassword(e.Stdin)
		if err != nil {
			return err
		}
		u, pw, err := console.AddUser(ctx, st, name, consult.StaffRole(*role), chs, pw, console.DefaultHashParams)
		if errors.Is(err, consult.ErrConflict) {
			return fmt.Errorf("user %s already exists (use `tsunagu user passwd %s` for a new password)", name, name)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "created %s (%s)\n", u.Name, u.Role)
		if !typed {
			fmt.Fprintf(e.Stdout, "password: %s\n(shown once; log in at %s/console/ and change it under the account menu)\n", pw, cfg.BaseURL)
		}
		return nil
	case "passwd":
		pw, typed, err := readPassword(e.Stdin)
		if err != nil {
			return err
		}
		if pw, err = console.SetPassword(ctx, st, name, pw, console.DefaultHashParams); err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "password of %s changed; their sessions ended\n", name)
		if !typed {
			fmt.Fprintf(e.Stdout, "password: %s\n", pw)
		}
		return nil
	case "disable", "enable":
		u, err := st.UserByName(ctx, name)
		if err != nil {
			return err
		}
		u.DisabledAt = time.Time{}
		if sub == "disable" {
			u.DisabledAt = time.Now().UTC()
		}
		if err := st.UpdateUser(ctx, u); err != nil {
			return err
		}
		if err := st.DeleteUserSessions(ctx, u.ID); err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "%s %sd\n", name, sub)
		return nil
	case "list":
		users, err := st.Users(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tROLE\tCHANNELS\tCREATED\tDISABLED")
		for _, u := range users {
			var chs []string
			for _, c := range u.Channels {
				chs = append(chs, string(c))
			}
			disabled := ""
			if !u.DisabledAt.IsZero() {
				disabled = u.DisabledAt.Format("2006-01-02")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Name, u.Role, strings.Join(chs, ","), u.CreatedAt.Format("2006-01-02"), disabled)
		}
		return tw.Flush()
	}
	return errUsage
}

func parseChannels(s string) ([]consult.Channel, error) {
	var out []consult.Channel
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		ch, err := consult.ParseChannel(p)
		if err != nil {
			return nil, fmt.Errorf("--channel: %w (IDs: see docs/taxonomy.md)", err)
		}
		out = append(out, ch)
	}
	return out, nil
}

// readPassword reads one line from stdin unless stdin is a terminal (then
// the password is generated, never echoed). An empty line also means
// "generate". typed reports whether a password was read.
func readPassword(in io.Reader) (pw string, typed bool, err error) {
	if f, ok := in.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			return "", false, nil
		}
	}
	line, err := bufio.NewReader(io.LimitReader(in, 1024)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", false, fmt.Errorf("read password from stdin: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	return line, line != "", nil
}
