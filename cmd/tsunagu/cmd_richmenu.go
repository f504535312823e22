package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/n-csw/tsunagu/flows"
	"github.com/n-csw/tsunagu/internal/config"
	"github.com/n-csw/tsunagu/internal/line"
	"github.com/n-csw/tsunagu/internal/richmenu"
)

func init() {
	register(command{name: "richmenu", usage: "richmenu apply [--dry-run] [--out FILE.png] [DIR]   draw flows/richmenu.yaml and make it the LINE rich menu", run: runRichMenu})
}

// richMenuTimeout bounds each Messaging API call of apply.
const richMenuTimeout = 30 * time.Second

// runRichMenu is `tsunagu richmenu apply`: it loads the rich menu of DIR
// (default ./flows when it exists, else the embedded flows), draws its
// image and, unless --dry-run, makes it the default rich menu through the
// Messaging API (LINE_CHANNEL_ACCESS_TOKEN, LINE_API_BASE_URL; the image
// goes to LINE_API_DATA_URL, by default api-data.line.me for the real API
// and LINE_API_BASE_URL otherwise). --dry-run prints the request instead;
// --out writes the image.
func runRichMenu(ctx context.Context, e env, args []string) error {
	if len(args) < 1 || args[0] != "apply" {
		return errUsage
	}
	fset := flag.NewFlagSet("richmenu apply", flag.ContinueOnError)
	fset.SetOutput(e.Stderr)
	dry := fset.Bool("dry-run", false, "print the rich menu request and call nothing")
	out := fset.String("out", "", "write the image (PNG) to this file")
	var dirs []string
	for rest := args[1:]; ; { // flags before or after DIR
		if err := fset.Parse(rest); err != nil {
			return errUsage
		}
		if fset.NArg() == 0 {
			break
		}
		dirs, rest = append(dirs, fset.Arg(0)), fset.Args()[1:]
	}
	if len(dirs) > 1 {
		return errUsage
	}
	fsys, where := flowsFS(dirs)
	m, err := richmenu.Load(fsys)
	if err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	img, err := richmenu.PNG(m)
	if err != nil {
		return err
	}
	if *out != "" {
		if err := os.WriteFile(*out, img, 0o644); err != nil {
			return fmt.Errorf("write image: %w", err)
		}
	}
	if *dry {
		js, err := line.RichMenuJSON(m)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "%s\n", js)
		fmt.Fprintf(e.Stderr, "dry run: rich menu %q from %s, %d areas, image %d×%d of %d bytes%s; nothing sent to LINE\n",
			m.Name, where, len(m.Areas), m.Width, m.Height, len(img), written(*out))
		return nil
	}
	rm, err := richMenuClient(e.Getenv)
	if err != nil {
		return err
	}
	done, err := rm.Apply(ctx, m, img)
	if done.ID != "" {
		fmt.Fprintf(e.Stdout, "rich menu %q from %s is the default: %s (%d areas, image %d bytes%s)\n",
			m.Name, where, done.ID, len(m.Areas), len(img), written(*out))
		if len(done.Deleted) > 0 {
			fmt.Fprintf(e.Stdout, "deleted the menus it replaces: %s\n", strings.Join(done.Deleted, ", "))
		}
	}
	return err
}

// flowsFS is DIR, else ./flows when it exists, else the embedded flows.
func flowsFS(dirs []string) (fs.FS, string) {
	if len(dirs) == 1 {
		return os.DirFS(dirs[0]), dirs[0]
	}
	if st, err := os.Stat("flows"); err == nil && st.IsDir() {
		return os.DirFS("flows"), "flows"
	}
	return flows.FS, "embedded flows"
}

// richMenuClient reads the LINE settings apply needs.
func richMenuClient(getenv func(string) string) (*line.RichMenus, error) {
	cfg, err := config.Load(getenv)
	if err != nil {
		return nil, fmt.Errorf("configuration:\n%w", err)
	}
	if cfg.LINEAccessToken == "" {
		return nil, errors.New("LINE_CHANNEL_ACCESS_TOKEN is not set: issue a long-lived channel access token in LINE Developers console → your channel → Messaging API (or use --dry-run)")
	}
	data := strings.TrimSpace(getenv("LINE_API_DATA_URL"))
	if data != "" {
		if u, err := url.Parse(data); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("LINE_API_DATA_URL must be an http(s) URL (default %s), got %q", line.DefaultDataURL, data)
		}
	}
	return line.NewRichMenus(cfg.LINEAccessToken, cfg.LINEAPIBaseURL, data, richMenuTimeout)
}

func written(out string) string {
	if out == "" {
		return ""
	}
	return " written to " + out
}
