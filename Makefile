# Dua perintah menyiapkan semuanya di mesin baru: `make demo` dan `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYS_STAMP := $(VENV)/.system
APT_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation fonts-crosextra-carlito fonts-dejavu-core poppler-utils \
	chromium chromium-driver

.PHONY: demo test setup system lint bench bench-province clean

demo: setup
	$(BIN)/tpcb demo

test: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q -n 2 --dist loadscope

setup: $(STAMP) $(SYS_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

# Paket sistem: LibreOffice (konversi PDF) dan fon yang metriknya setara (tata letak stabil).
$(SYS_STAMP): $(STAMP)
	@if command -v soffice >/dev/null && command -v chromedriver >/dev/null && command -v pdftoppm >/dev/null \
		&& fc-list 2>/dev/null | grep -qi carlito; then \
		echo "Paket sistem sudah terpasang."; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Memasang paket sistem: $(APT_PACKAGES)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends $(APT_PACKAGES); \
	else \
		echo "PERHATIAN: pasang sebagai root: apt-get install $(APT_PACKAGES)"; \
	fi
	touch $(SYS_STAMP)

lint: setup
	$(BIN)/ruff check .

# Set tolok ukur utama (mencetak angka; bench/RESULTS.md). Provinsi terpisah: make bench-province.
bench: setup
	$(BIN)/python -m bench.web_load --db postgres --workers 2 --clients 20,100
	$(BIN)/python -m bench.letters_serentak --db sqlite --writers 8
	$(BIN)/python -m bench.letters_serentak --db postgres --writers 8
	$(BIN)/python -m bench.letters
	$(BIN)/python -m bench.bundle --pg-s3
	$(BIN)/python -m bench.registry --matrix-only --sizes 1000,10000

clean:
	rm -rf $(VENV) var .pytest_cache

# Tolok ukur provinsi (server Prefect + worker + PostgreSQL + S3); contoh: make bench-province ARGS="--n 100"
bench-province: setup
	$(BIN)/python -m bench.province $(ARGS)
