package desk

import (
	"wuxiao/generator/content"
	"wuxiao/generator/pullreq"
)

// roles are what one login may do, read from the base branch: never from a form or a cookie.
type roles struct {
	Units    []*content.Unit // grassroots units he administers
	Counties []*content.Unit // county, industry or direct unions he administers
	Expert   *content.Expert
	City     bool // an admin of the city unit
}

func (r roles) None() bool {
	return len(r.Units) == 0 && len(r.Counties) == 0 && r.Expert == nil && !r.City
}

// rolesOf reads login's roles from tree.
func rolesOf(tree *content.Tree, login string) roles {
	var r roles
	if tree == nil || login == "" {
		return r
	}
	for _, u := range tree.Units {
		if u == nil || !adminOf(u, login) {
			continue
		}
		switch u.Type {
		case "city":
			r.City = true
		case "grassroots":
			r.Units = append(r.Units, u)
		case "county", "industry", "direct":
			r.Counties = append(r.Counties, u)
		}
	}
	for _, e := range tree.Experts {
		if e != nil && e.Login != "" && pullreq.SameLogin(e.Login, login) {
			r.Expert = e
			break
		}
	}
	return r
}

func adminOf(u *content.Unit, login string) bool {
	for _, a := range u.Admins {
		if pullreq.SameLogin(a, login) {
			return true
		}
	}
	return false
}

func (r roles) unit(id string) *content.Unit {
	for _, u := range r.Units {
		if u.ID == id {
			return u
		}
	}
	return nil
}

func (r roles) county(id string) *content.Unit {
	for _, u := range r.Counties {
		if u.ID == id {
			return u
		}
	}
	return nil
}
