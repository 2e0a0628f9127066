# 소프트맥스 회귀 — 인터랙티브 Jupyter Book
# 모든 대상은 필요하면 .venv/(Python 3.11)를 먼저 만들고 requirements.txt를 설치한다.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
JB_OPTS := -W -n --keep-going
HOST    ?= 127.0.0.1
PORT    ?= 8000

.PHONY: help setup book test lab serve bench execute lint constraints clean

help:
	@echo "make book    — 가상환경 준비 후 HTML 책을 _build/html/ 에 만든다"
	@echo "make test    — 가상환경 준비 후 전체 테스트(린트, 책 빌드 -W, 단위, nbval, 브라우저, JupyterLab)"
	@echo "make lab     — JupyterLab에서 책의 노트북을 연다 ($(HOST))"
	@echo "make serve   — 만든 HTML 책을 http://$(HOST):$(PORT)/ 로 띄운다"
	@echo "make bench   — 벤치마크 수치를 출력한다"
	@echo "make execute — 노트북을 다시 실행해 저장된 출력을 갱신한다 (작성자용)"

setup: $(STAMP)

# Python 3.11을 찾는다: python3.11, 없으면 3.11인 python3.
$(STAMP): requirements.txt constraints.txt
	@set -e; \
	if [ ! -x $(BIN)/python ]; then \
	  PY=""; \
	  for c in python3.11 python3; do \
	    if command -v $$c >/dev/null 2>&1 && \
	       [ "$$($$c -c 'import sys; print("%d.%d" % sys.version_info[:2])')" = "3.11" ]; then PY=$$c; break; fi; \
	  done; \
	  if [ -z "$$PY" ]; then \
	    echo "오류: Python 3.11을 찾지 못했습니다. 이 책은 Python 3.11이 필요합니다" >&2; \
	    echo "      (mxnet 1.9.1 → numpy 1.23.5 → CPython 3.11까지만 휠이 있음). python3.11을 설치한 뒤 다시 실행하세요." >&2; \
	    exit 1; \
	  fi; \
	  echo "→ $$PY 로 $(VENV)/ 를 만듭니다"; \
	  $$PY -m venv $(VENV); \
	fi; \
	if [ "$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != "3.11" ]; then \
	  echo "오류: $(VENV)/ 의 Python이 3.11이 아닙니다. '$(VENV)/'를 지우고 다시 실행하세요." >&2; exit 1; \
	fi
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $(STAMP)

book: $(STAMP)
	$(BIN)/jupyter-book build . $(JB_OPTS)
	@echo ""
	@echo "책이 만들어졌습니다: $(CURDIR)/_build/html/index.html"

test: $(STAMP)
	$(BIN)/ruff check utils tests scripts bench _ext
	$(BIN)/jupyter-book build . $(JB_OPTS)
	$(BIN)/python -m pytest

# 서버 루트는 저장소 루트(노트북의 sys.path.insert(0, "..")가 utils/를 찾는다), 파일 브라우저는 chapters/ 에서 시작.
# 위젯 확장(jupyterlab_widgets)은 requirements.txt의 ipywidgets와 함께 설치된다. root일 때만 --allow-root.
# jupyter_config/lab/settings/overrides.json: 책의 기본 설정. 위젯 콜백을 커널 서브셸(별도 스레드)이 아닌
# 메인 스레드에서 돌려 matplotlib 그림이 간헐적으로 깨지지 않게 하고, 뉴스·업데이트 확인(네트워크)을 끈다.
# 추가 옵션: make lab LAB_ARGS="--port=8890 --no-browser"
lab: $(STAMP)
	@$(BIN)/python -c 'import jupyterlab_widgets' 2>/dev/null || { echo "오류: jupyterlab_widgets가 없습니다. 'make setup'을 다시 실행하세요." >&2; exit 1; }
	$(BIN)/python -m jupyterlab --ServerApp.ip=$(HOST) --ServerApp.root_dir="$(CURDIR)" \
	  --LabApp.app_settings_dir="$(CURDIR)/jupyter_config/lab/settings" \
	  --LabApp.default_url=/lab/tree/chapters $$([ "$$(id -u)" = 0 ] && echo --allow-root) $(LAB_ARGS)

serve:
	@test -f _build/html/index.html || { echo "먼저 'make book'을 실행하세요." >&2; exit 1; }
	@echo "http://$(HOST):$(PORT)/ (끝내려면 Ctrl+C)"
	$(BIN)/python -m http.server $(PORT) --bind $(HOST) --directory _build/html

bench: $(STAMP)
	$(BIN)/python bench/run.py

execute: $(STAMP)
	$(BIN)/python scripts/execute_notebooks.py $(NB)

lint: $(STAMP)
	$(BIN)/ruff check utils tests scripts bench _ext

constraints: $(STAMP)
	@{ echo "# 전이 의존성까지 모두 고정한 목록 (pip freeze, Python 3.11, linux x86_64에서 생성)."; \
	   echo "# 갱신: make constraints"; $(BIN)/python -m pip freeze --exclude-editable; } > constraints.txt

clean:
	rm -rf _build
