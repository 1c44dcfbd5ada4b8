package forge

import (
	"context"
	"net/http"
)

// Probe asks the forge at baseURL, without a token, what it is ("Gitea 1.26.0", "GitHub"),
// so that a misconfigured address or certificate is seen when the desk starts rather than
// at the first sign-in; an error wraps the failure's sentinel (ErrNotFound: no forge of
// that kind answers there). client may be nil for http.DefaultClient.
func Probe(ctx context.Context, kind Kind, baseURL string, client *http.Client) (string, error) {
	f, err := New(kind, baseURL, "", client)
	if err != nil {
		return "", err
	}
	switch f := f.(type) {
	case *giteaForge:
		c, err := f.client(ctx)
		if err != nil {
			return "", err
		}
		v, resp, err := c.ServerVersion()
		if err != nil {
			return "", giteaErr("version", resp, err)
		}
		return displayName(kind) + " " + v, nil
	case *githubForge:
		_, resp, err := f.c.Meta.Get(ctx)
		if err != nil {
			return "", githubErr("meta", resp, err)
		}
		return "GitHub", nil
	}
	return displayName(kind), nil
}

// displayName is how each forge writes its own name.
func displayName(k Kind) string {
	switch k {
	case Gitea:
		return "Gitea"
	case Forgejo:
		return "Forgejo"
	}
	return "GitHub"
}
