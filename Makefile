# 소프트맥스 회귀 — 인터랙티브 Jupyter Book
# 모든 대상은 필요하면 .venv/(Python 3.11)를 먼저 만들고 requirements.txt를 설치한다.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
BOOK    ?= .
BUILDER ?= html
OUT     ?=
HOST    ?= 127.0.0.1
PORT    ?= 8000
NB      ?= chapters/*.ipynb
# Python(줄 100자, 노트북은 88자: chapters/ruff.toml)은 ruff, 위젯의 JS/CSS는 Biome(biome.json)이 검사한다.
RUFF_PATHS := utils bookdev tests scripts bench _ext chapters
BIOME_PATHS := utils/widgets static

# 노트북을 위에서 아래로 한 번 실행해 출력과 위젯 상태를 저장한다(작업 폴더 = 노트북 폴더).
# 실행 시각 메타데이터는 쓰지 않는다(같은 코드 → 같은 파일, 위젯 모델 id만 달라진다). 바쁜 기계에서 print 하나가
# 조각난 출력 두 개로 저장되지 않도록 이어진 같은 스트림 출력은 하나로 합친다(CoalesceStreamsPreprocessor).
EXECUTE := $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
  --ExecutePreprocessor.kernel_name=python3 --ExecutePreprocessor.timeout=600 \
  --ExecutePreprocessor.store_widget_state=True --ExecutePreprocessor.record_timing=False \
  "--ExecutePreprocessor.extra_arguments=['--log-level=ERROR']" \
  "--Exporter.preprocessors=['nbconvert.preprocessors.CoalesceStreamsPreprocessor']"

.PHONY: help setup build book test shots lab serve bench execute lint vendor constraints clean

help:
	@echo "make book    — 가상환경 준비 후 HTML 책을 _build/html/ 에 만든다"
	@echo "make test    — 가상환경 준비 후 전체 테스트(린트, 책 빌드 -W, 단위, nbval, 브라우저, JupyterLab)"
	@echo "make shots   — 모든 페이지의 전체 스크린숏을 _build/screenshots/ (html/, phone/) 에 남긴다"
	@echo "make lab     — JupyterLab에서 책의 노트북을 연다 ($(HOST))"
	@echo "make serve   — 만든 HTML 책을 http://$(HOST):$(PORT)/ 로 띄운다"
	@echo "make bench   — 벤치마크 수치를 출력한다 (일부만: ONLY=\"pdf widgets\", 목록: python -m bench.run --help)"
	@echo "make execute — 노트북을 다시 실행해 저장된 출력을 갱신한다 (작성자용, 하나만: NB=chapters/04_softmax.ipynb)"
	@echo "make lint    — ruff check + ruff format --check"
	@echo "make pdf     — 책 전체를 A4 PDF로 _build/pdf/book.pdf 에 만든다 (Chromium으로 인쇄)"
	@echo "make vendor  — npm에서 브라우저 자산을 다시 받아 vendor/static/ 과 vendor/SHA256SUMS 를 갱신한다 (node 필요)"

setup: $(STAMP)

# Python 3.11을 찾는다: python3.11, 없으면 3.11인 python3. 패키지는 uv(PyPI 휠, 버전 고정)로 설치한다:
# pip과 같은 requirements.txt·constraints.txt, 같은 버전들이 설치되고(비교함), 캐시가 있으면 이 2코어 기계에서 1초.
# .pyc는 설치 때 모두 만들지 않고(8,000개 모듈에 15초) 처음 import 할 때 쓰게 둔다: 이 Makefile의 명령에는
# PYTHONDONTWRITEBYTECODE를 넘기지 않는다(unexport). 그 변수가 1인 기계(이 CI)에서는 Python이 .pyc를 쓰지 않아
# 모든 프로세스(작업자, 커널, 서버)가 import 할 때마다 다시 컴파일하게 된다. 쓰는 곳은 .venv/ 와 저장소의
# __pycache__/ (.gitignore)뿐이다.
unexport PYTHONDONTWRITEBYTECODE
UV_VERSION := 0.13.9
$(STAMP): requirements.txt constraints.txt pyproject.toml
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
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.txt
	@touch $(STAMP)

# 책 빌드 명령은 bookdev/build.py 의 build_book() 한 곳에만 있다: 이 대상(book, test), make pdf
# (scripts/make_pdf.py), 테스트와 bench가 모두 그 함수를 부른다. Python은 make를 부르지 않는다.
# BOOK=<폴더>: 그 폴더의 책을 <폴더>/_build/<BUILDER>/ 에 만든다. OUT=<폴더>: 출력을 <폴더>/_build/ 에.
# BUILDER="html singlehtml": 여러 빌더를 차례로, 같은 doctree로(두 번째는 소스를 다시 읽지 않는다).
build: $(STAMP)
	$(BIN)/python -m bookdev.build --book $(BOOK) $(BUILDER:%=--builder %)$(if $(OUT), --path-output $(OUT))

book: build
	@echo ""
	@echo "책이 만들어졌습니다: $(abspath $(BOOK))/_build/html/index.html"

# 빌드는 한 번: HTML 책(브라우저 테스트)은 pytest를 이끄는 프로세스가 작업자들이 책을 읽지 않는 테스트(JupyterLab,
# nbval)를 도는 동안 만든다(--build-book-meanwhile, bookdev.build.BuildMeanwhile: 빌드 잠금을 먼저 잡으므로 책을
# 읽는 테스트는 빌드가 끝나기를 기다린다). 한 페이지 책(singlehtml: PDF 테스트가 인쇄)은 PDF 테스트를 맡은 작업자가
# 그 뒤에 같은 doctree로 만든다(소스를 다시 읽지 않음). 빌드의 경고는 오류다(-W): 실패하면 테스트도 실패한다.
# pytest는 작업자 TEST_WORKERS개(pytest-xdist)로 돈다. 한 노트북의 셀(nbval), PDF 테스트, JupyterLab 테스트는 각각 한 작업자가
# 맡고, 긴 것부터 나눠 준다(tests/conftest.py). 가장 느린 테스트 15개를 마지막에 보여 준다.
TEST_WORKERS ?= 3
test: lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope --no-loadscope-reorder --durations=15 \
	  --build-book-meanwhile

# 사람이 볼 전체 페이지 스크린숏(1280 px와 휴대전화 390 px): 검사가 아니라 그림이고 긴 장은 한 장에 몇 초가
# 걸려서 make test는 찍지 않는다. 그 두 테스트 파일을 BOOK_SHOTS=1 로 다시 돌린다.
shots: build
	BOOK_SHOTS=1 $(BIN)/python -m pytest -n $(TEST_WORKERS) -q tests/browser/test_html.py tests/browser/test_phone.py

# 서버 루트는 저장소 루트, 파일 브라우저는 chapters/ 에서 시작. 노트북은 utils를 설치된 패키지로 import 한다(-e .).
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
	$(BIN)/python -m bench.run $(ONLY:%=--only %)

execute: $(STAMP)
	$(EXECUTE) $(NB)

lint: $(STAMP)
	$(BIN)/ruff check $(RUFF_PATHS)
	$(BIN)/ruff format --check $(RUFF_PATHS)
	$(BIN)/biome format $(BIOME_PATHS)

# 버전과 담을 파일 목록: package.json (lock: package-lock.json). node_modules/ 는 커밋하지 않는다.
vendor:
	npm ci --ignore-scripts --no-audit --no-fund
	$(BIN)/python scripts/vendor_assets.py
	cd vendor/static && sha256sum --quiet -c ../SHA256SUMS

constraints: $(STAMP)
	@{ echo "# 전이 의존성까지 모두 고정한 목록 (pip freeze, Python 3.11, linux x86_64에서 생성)."; \
	   echo "# 갱신: make constraints"; \
	   echo "# soupsieve는 2.8.3으로 고정: 4.x는 Python >= 3.11.5를 요구해 Debian의 3.11.2에서 설치되지 않는다."; \
	   $(BIN)/python -m pip freeze --exclude-editable --exclude uv; } > constraints.txt

# PDF 판: 책 전체를 한 페이지로 빌드(bookdev.build, builder singlehtml → _build/singlehtml/)하고 Chromium으로 A4 PDF를
# _build/pdf/book.pdf 에 인쇄한다. OUT=<폴더>: 둘 다 <폴더>/_build/ 아래에 만든다.
# 첫 페이지(intro.md)의 "PDF판"은 _ext/pdf_edition.py 가 만든다: HTML을 빌드할 때 _build/pdf/book.pdf 가 있으면
# 그 PDF를 HTML 옆(book.pdf)에 복사하고 링크를 걸며, 없으면 만드는 법만 적는다(링크가 404가 되지 않는다).
# 그래서 PDF를 만든 뒤 HTML을 다시 빌드한다(첫 페이지만 다시 읽는다). pages.yml 도 make pdf 만 부른다.
# LaTeX 없이, 빌드 중 아무것도 내려받지 않는다. CHROMIUM=/경로 로 브라우저를 바꿀 수 있다 (scripts/make_pdf.py).
PDF_BUILD = $(or $(OUT),.)/_build
.PHONY: pdf
pdf: $(STAMP)
	$(BIN)/python scripts/make_pdf.py --source $(BOOK) $(if $(OUT),--path-output $(OUT)) --output $(PDF_BUILD)/pdf/book.pdf
	$(BIN)/python -m bookdev.build --book $(BOOK) --builder html$(if $(OUT), --path-output $(OUT))

clean:
	rm -rf _build
