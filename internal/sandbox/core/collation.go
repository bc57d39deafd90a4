package core

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// OpenStack's services keep their records in MySQL, whose default
// collation (utf8mb4_general_ci) compares strings case and accents aside
// and ignores trailing spaces: the lab's Neutron finds the network
// "private" by ?name=PRIVATE or ?name=private%20, Cinder a volume's status
// "available" by ?status=AVAILABLE, Nova the keypair sample-key by
// SAMPLE-KEY (the *-case samples).

// SQLKey is s as the collation compares it: capitals without accents,
// trailing spaces dropped. Sorting by it sorts as MySQL does ("_" after the
// letters).
func SQLKey(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.TrimRight(s, " ")) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// SQLEqual says whether MySQL's collation finds a equal to b.
func SQLEqual(a, b string) bool { return SQLKey(a) == SQLKey(b) }
