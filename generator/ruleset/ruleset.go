// Package ruleset is the checker's complete list of rules: those of package rules, which
// any consumer may link lightly, and the two that need heavier packages: results (the award
// arithmetic of package award) and codeowners (the forges' CODEOWNERS files, package pullreq).
package ruleset

import (
	"wuxiao/generator/dedup"
	"wuxiao/generator/rules"
)

// All returns every rule in the contract's order, rule duplicate keeping its fingerprints
// in cache (nil for none).
func All(cache dedup.Store) []rules.Rule {
	return append(rules.WithDedupCache(rules.All(), cache),
		rules.Rule{Name: "results", ReadsFailing: true, Check: checkResults},
		rules.Rule{Name: "codeowners", ReadsFiles: true, Check: checkCodeowners},
	)
}
