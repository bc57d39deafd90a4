package nova

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// novaNameFault is Nova's refusal of a server's or a keypair's name, as its
// request schema words it, or "" for a name it takes: at least 1 and at
// most 255 characters, printable, neither starting nor ending with white
// space (nova-server-create-name-whitespace-400.txt).
func novaNameFault(name string) string {
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		return "Invalid input for field/attribute name. Value: . '' is too short"
	case n > 255:
		return fmt.Sprintf("Invalid input for field/attribute name. Value: %s. '%s' is too long", name, name)
	}
	first, _ := utf8.DecodeRuneInString(name)
	last, _ := utf8.DecodeLastRuneInString(name)
	// Nova's printable: no control, format or unassigned character, and of
	// the separators only spaces.
	unprintable := func(r rune) bool { return unicode.In(r, unicode.C, unicode.Zl, unicode.Zp) }
	if unicode.IsSpace(first) || unicode.IsSpace(last) || strings.IndexFunc(name, unprintable) >= 0 {
		return "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace."
	}
	return ""
}

// keypairNameChars are the characters Nova takes in a keypair's name.
const keypairNameChars = "_- 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
