package forge

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/go-github/v84/github"
)

// ErrCannotRevoke is returned by Revoke for a forge that offers no way to revoke an OAuth
// token (Gitea and Forgejo: their access tokens expire on their own, after an hour by default).
var ErrCannotRevoke = errors.New("this forge cannot revoke an OAuth token")

// Revoke asks the forge of kind at baseURL to revoke token, an OAuth access token issued
// to the application clientID, as the application (clientSecret) would. client may be nil.
func Revoke(ctx context.Context, kind Kind, baseURL, clientID, clientSecret, token string, client *http.Client) error {
	if client == nil {
		client = http.DefaultClient
	}
	if kind != GitHub && kind != "" {
		return ErrCannotRevoke
	}
	app := *OnHost(client)
	app.Transport = &github.BasicAuthTransport{Username: clientID, Password: clientSecret, Transport: client.Transport}
	g, err := newGitHub(baseURL, "", &app)
	if err != nil {
		return err
	}
	resp, err := g.c.Authorizations.Revoke(ctx, clientID, token)
	if err != nil {
		return githubErr("revoke the token", resp, err)
	}
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("revoke the token: GitHub answered %s", resp.Status)
	}
	return nil
}
