# raadskoder — every target installs what it needs into .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RK     := $(BIN)/raadskoder
export PYTHONHASHSEED := 0

.PHONY: help venv demo test lint train train-ner evaluate reproduce bench system-deps clean

help:
	@echo "make demo       run the whole pipeline on the shipped corpus (outputs/demo, outputs/reproduce-2023)"
	@echo "make test       run the test suite"
	@echo "make train      retrain the theme classifier (models/themes)"
	@echo "make train-ner  retrain the Danish NER pipeline (models/ner)"
	@echo "make evaluate   score the shipped models on every evaluation set"
	@echo "make reproduce  code the 2023 reconstruction and compare with the published counts"
	@echo "make bench      run the speed and memory benchmarks"
	@echo "make lint       ruff"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# Debian packages for OCR (tesseract, Danish model) and the report screenshot test
# (chromium). Best effort: without them OCR marks files `needs_ocr` and the
# screenshot test is skipped with its reason.
system-deps:
	-@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		missing=""; \
		command -v tesseract >/dev/null 2>&1 || missing="$$missing tesseract-ocr tesseract-ocr-dan"; \
		command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
		if [ -n "$$missing" ]; then \
			echo "installing$$missing"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing) >/dev/null 2>&1 \
			|| echo "warning: could not install$$missing"; \
		fi; \
	else echo "system-deps: not root or no apt-get; skipping"; fi

test: $(STAMP)
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests benchmarks

train: $(STAMP)
	PYTHONHASHSEED=0 $(RK) train --out models/themes

train-ner: $(STAMP)
	$(RK) train-ner --out models/ner

# Scores of the shipped models on the data they never saw: the survey test split and the
# 2023 reconstruction (themes); the NER test split and the three independent held-out sets.
evaluate: $(STAMP)
	$(RK) evaluate corpus/survey/test.csv
	$(RK) evaluate corpus/survey/reconstruction_2023_gold.csv
	$(RK) evaluate-ner corpus/ner --split test
	$(RK) evaluate-ner corpus/ner_heldout --split all
	$(RK) evaluate-ner corpus/ner_heldout_news --split all
	$(RK) evaluate-ner corpus/ner_heldout_hard --split all

reproduce: $(STAMP)
	$(RK) code corpus/survey/reconstruction_2023.csv -o outputs/reproduce-2023/coded.csv
	$(RK) count outputs/reproduce-2023/coded.csv \
		--reference corpus/reference/dnir2023_counts.csv \
		-o outputs/reproduce-2023/counts.csv

demo: reproduce
	$(RK) run corpus/examples -o outputs/demo
	$(RK) report outputs/reproduce-2023/coded.csv -o outputs/reproduce-2023/report \
		--reference corpus/reference/dnir2023_counts.csv \
		--title "Lokale integrationsråd 2023 (rekonstruktion)"
	@echo "open outputs/reproduce-2023/report/report.html and outputs/demo/report/report.html"

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf outputs .pytest_cache .ruff_cache
