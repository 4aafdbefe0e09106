bench:
	scripts/bench.sh

# Only the side-by-side harness (orglife, the grammY peer, the ceiling) and its ratios.
bench-side:
	scripts/bench-side.sh

# A CPU and allocation profile of the bot under the side-by-side harness's load.
profile:
	scripts/profile.sh

.PHONY: bench bench-side profile
