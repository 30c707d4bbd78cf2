/* The program's Arabic normalisation (ogp_desktop/core/text/arabic.py), ported: the
   search of this site meets the text as the program's search does. Keep the two in step:
   tests/publish/test_normalise_js.py runs both on the same strings. */
(function (global) {
  "use strict";
  var TATWEEL = "\u0640";
  var FOLD = {"\u0671": "\u0627", "\u0649": "\u064a", "\u0629": "\u0647"};
  for (var d = 0; d < 10; d++) {
    FOLD[String.fromCharCode(0x0660 + d)] = String(d);  // Arabic-Indic digits
    FOLD[String.fromCharCode(0x06F0 + d)] = String(d);  // Persian digits
  }
  // Python's case fold where it differs from the lower case (written at publication)
  var CASEFOLD = /*@CASEFOLD@*/{};
  var DROPPED = /^[\p{Mn}\p{Me}\p{Cf}]$/u;
  var ALNUM = /^[\p{L}\p{N}]$/u;
  var cache = Object.create(null);

  function casefold(ch) {
    var f = CASEFOLD[ch];
    return f !== undefined ? f : ch.toLowerCase();
  }

  function foldChar(ch) {
    var hit = cache[ch];
    if (hit !== undefined) return hit;
    var out = "";
    for (var dch of ch.normalize("NFKD")) {
      if (dch === TATWEEL || DROPPED.test(dch)) continue;
      var mapped = FOLD[dch] !== undefined ? FOLD[dch] : dch;
      for (var f of casefold(mapped)) out += ALNUM.test(f) ? f : " ";
    }
    cache[ch] = out;
    return out;
  }

  function normalise(text) {
    var out = "";
    for (var ch of String(text)) out += foldChar(ch);
    return out.replace(/ {2,}/g, " ").replace(/^ +| +$/g, "");
  }

  function words(text) {
    var n = normalise(text);
    return n ? n.split(" ") : [];
  }

  var PARTICLES = ["و", "ف", "ب", "ل", "ك"];
  var BARE_PARTICLES = ["و", "ب", "ل"];
  var ARTICLE = "ال";
  var SUFFIXES = ["ات", "ون", "ين", "ان", "يه", "ها", "هم", "هن", "كم", "نا", "ه", "ي"];
  var MIN_LETTERS = 3;

  function len(s) { return Array.from(s).length; }

  function arabic(word) {
    var first = word.charAt(0);
    return word.length > 0 && first >= "\u0600" && first <= "\u06ff";
  }

  function fronts(word) {
    var found = [];
    var prefixes = [""].concat(PARTICLES);
    for (var i = 0; i < prefixes.length; i++) {
      var p = prefixes[i] + ARTICLE;
      if (word.startsWith(p)) found.push(word.slice(prefixes[i].length + 2));
    }
    if (word.startsWith("لل")) found.push(word.slice(1));
    found = found.filter(function (f) { return len(f) >= MIN_LETTERS; });
    if (BARE_PARTICLES.indexOf(word.slice(0, 1)) >= 0 && len(word) - 1 >= MIN_LETTERS + 1) {
      found.push(word.slice(1));
    }
    return found;
  }

  function unique(list) {
    var seen = Object.create(null), out = [];
    for (var i = 0; i < list.length; i++) {
      if (!(list[i] in seen)) { seen[list[i]] = true; out.push(list[i]); }
    }
    return out;
  }

  function variants(word) {
    if (!arabic(word)) return [word];
    var bases = [word].concat(fronts(word));
    var found = [];
    for (var i = 0; i < bases.length; i++) {
      var base = bases[i];
      found.push(base);
      for (var j = 0; j < SUFFIXES.length; j++) {
        var s = SUFFIXES[j];
        if (base.endsWith(s) && len(base) - len(s) >= MIN_LETTERS) {
          found.push(base.slice(0, base.length - s.length));
          break;
        }
      }
    }
    return unique(found);
  }

  /* The query as the program's search takes it (core/search/service.query_groups): its
     words of three letters or more, each as the spellings that may match it; null when
     no word is long enough. */
  function queryGroups(query) {
    var long = words(query).filter(function (w) { return len(w) >= MIN_LETTERS; });
    if (!long.length) return null;
    return unique(long).map(function (word) {
      var spellings = variants(word).filter(function (v) { return len(v) >= MIN_LETTERS; });
      var least = spellings.filter(function (v) {
        return !spellings.some(function (u) { return u !== v && v.indexOf(u) >= 0; });
      });
      return unique([word].concat(least));
    });
  }

  /* Every word of the query matches, as any of its spellings, as a part of a word. */
  function matches(groups, normalisedText) {
    return groups.every(function (g) {
      return g.some(function (s) { return normalisedText.indexOf(s) >= 0; });
    });
  }

  var api = {normalise: normalise, words: words, variants: variants,
             queryGroups: queryGroups, matches: matches};
  global.OgpText = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : globalThis);
