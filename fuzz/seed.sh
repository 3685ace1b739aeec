#!/usr/bin/env bash
# Seeds the fuzz corpora (fuzz/corpus/<target>/, gitignored) from the golden cases and the gallery examples:
#   scenario_parse  every golden and example scenario file, compact
#   scenario_check  the examples, and each golden request on its own with its file's world (small inputs)
#   policy_parse    every policy document in those files
#   wildcard_match  `pattern NUL value` pairs: each Action/Resource pattern with each request action/resource
#                   of the same file (the first 8 distinct ones)
#   condition_eval  takes structured (arbitrary) input, so it starts from a few fixed byte strings
#   share_inflate   the examples as raw DEFLATE at levels 0 (stored), 1 and 9 (fixed and dynamic Huffman blocks)
# Idempotent: file names are content hashes. Needs jq and node.
set -euo pipefail
cd "$(dirname "$0")"
command -v jq >/dev/null || { echo "seed.sh needs jq (apt-get install jq)" >&2; exit 1; }

targets=(policy_parse scenario_parse wildcard_match condition_eval scenario_check share_inflate)
for target in "${targets[@]}"; do mkdir -p "corpus/$target"; done

# Writes stdin to corpus/$1/<sha1 of the content>.
put() {
  local target=$1 tmp
  tmp=$(mktemp)
  cat >"$tmp"
  mv "$tmp" "corpus/$target/$(sha1sum "$tmp" | cut -c1-16)"
}

sources=(../tests/golden/*.json ../examples/*.json)
for file in "${sources[@]}"; do
  [[ $(basename "$file") == index.json ]] && continue
  jq -c . "$file" | put scenario_parse
  # Every policy document anywhere in the file.
  jq -c '.. | objects | select(has("Statement"))' "$file" | while IFS= read -r policy; do
    printf '%s' "$policy" | put policy_parse
  done
  # Wildcard pairs: policy patterns against the requests' values.
  patterns=$(jq -r '[.. | objects | select(has("Statement")) | .Statement | if type == "array" then .[] else . end
                      | (.Action, .NotAction, .Resource, .NotResource) | select(. != null)
                      | if type == "array" then .[] else . end | strings] | unique | .[]' "$file")
  values=$(jq -r '[.requests[]? | .action, .resource] | unique | .[:8] | .[] | strings' "$file")
  while IFS= read -r pattern; do
    while IFS= read -r value; do
      [[ -n $pattern || -n $value ]] && printf '%s\0%s' "$pattern" "$value" | put wildcard_match
    done <<<"$values"
  done <<<"$patterns"
done

for file in ../examples/*.json; do
  [[ $(basename "$file") == index.json ]] && continue
  jq -c . "$file" | put scenario_check
done
for file in ../tests/golden/*.json; do
  jq -c '. as $world | (.requests // [])[] | $world + {requests: [.]}' "$file" | while IFS= read -r one; do
    printf '%s' "$one" | put scenario_check
  done
done

# condition_eval reads its input through `arbitrary`: a few byte strings of different lengths to start from.
for seed in '' 'A' 'StringLike' '0123456789abcdef' 'aws:username${aws:username}10.0.0.0/8'; do
  printf '%s' "$seed" | put condition_eval
done

# share_inflate: what share links carry, raw DEFLATE, written by node's zlib.
node -e '
  const fs = require("fs"), zlib = require("zlib"), crypto = require("crypto");
  for (const file of fs.readdirSync("../examples").filter((f) => f.endsWith(".json"))) {
    const text = fs.readFileSync(`../examples/${file}`);
    for (const level of [0, 1, 9]) {
      const packed = zlib.deflateRawSync(text, { level });
      const name = crypto.createHash("sha1").update(packed).digest("hex").slice(0, 16);
      fs.writeFileSync(`corpus/share_inflate/${name}`, packed);
    }
  }'

for target in "${targets[@]}"; do
  printf '%-16s %5d files\n' "$target" "$(find "corpus/$target" -type f | wc -l)"
done
