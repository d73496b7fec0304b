/** Synthetic repositories for bootstrap tests, as file maps. */
const py = (n: number) => Array.from({ length: n }, (_, i) => `def f${i}(x: int) -> int:\n    return x + ${i}\n\n`).join('');

export const PYTHON_REPO: Record<string, string> = {
  'pyproject.toml': '[project]\nname = "acme-auth"\ndependencies = ["fastapi>=0.110"]\n[tool.pytest.ini_options]\naddopts = "-q"\n[tool.ruff]\nline-length = 100\n',
  'src/acme/__init__.py': py(30),
  'tests/test_acme.py': 'def test_ok():\n    assert True\n',
  'docs/index.md': '# Acme\n',
  'README.md': '# acme-auth\n',
  'tox.ini': '[testenv:lint]\ncommands = ruff check .\n',
  '.github/workflows/ci.yml': 'name: CI\non: push\njobs:\n  ci:\n    runs-on: ubuntu-latest\n    steps:\n      - run: tox -e lint\n      - run: uv run pytest -q\n',
};

export const TERRAFORM_REPO: Record<string, string> = {
  'main.tf': `terraform {\n  required_providers {\n    aws = {\n      source = "hashicorp/aws"\n    }\n  }\n}\n${'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n'.repeat(30)}`,
  'variables.tf': 'variable "region" {\n  default = "eu-west-1"\n}\n'.repeat(10),
  'README.md': '# infra\n',
};

export const DOCS_REPO: Record<string, string> = {
  'mkdocs.yml': 'site_name: Handbook\n',
  'docs/index.md': `# Handbook\n\n${'Some words about the team.\n'.repeat(200)}`,
  'docs/onboarding.md': `# Onboarding\n\n${'Steps to follow.\n'.repeat(200)}`,
  'README.md': '# handbook\n',
};

/** Python and Terraform in nearly equal shares: the selector cannot decide. */
export const AMBIGUOUS_REPO: Record<string, string> = {
  'app/main.py': py(75),
  'infra/main.tf': 'resource "null_resource" "x" {\n  triggers = { a = "b" }\n}\n'.repeat(45),
};

const play = (n: number) =>
  Array.from({ length: n }, (_, i) => `    - name: Install package ${i}\n      ansible.builtin.apt:\n        name: pkg${i}\n        state: present\n`).join('');

/** Ansible playbooks, a role and an inventory outweigh a Python dynamic-inventory script, Linguist's only code. */
export const ANSIBLE_REPO: Record<string, string> = {
  'ansible.cfg': '[defaults]\ninventory = inventory\n',
  inventory: '[web]\nweb1.example.com\nweb2.example.com\n\n[db]\ndb1.example.com\n',
  'site.yml': '---\n- import_playbook: playbooks/web.yml\n',
  'playbooks/web.yml': `---\n- name: Web servers\n  hosts: web\n  become: true\n  tasks:\n${play(40)}`,
  'roles/nginx/tasks/main.yml': `---\n${play(30).replace(/^ {4}/gm, '')}`,
  'roles/nginx/handlers/main.yml': '---\n- name: restart nginx\n  ansible.builtin.service:\n    name: nginx\n    state: restarted\n',
  'scripts/inventory.py': py(60),
};

/** Markdown pages that .gitattributes makes Linguist count (linguist-detectable), and a small Python tool. */
export const DETECTABLE_DOCS_REPO: Record<string, string> = {
  '.gitattributes': 'pages/**/*.md linguist-detectable=true\npages/**/*.md linguist-documentation=false\n',
  'pages/common/tar.md': `# tar\n\n> Archiving utility.\n\n${'- Create an archive:\n\n`tar cf {{target.tar}} {{file1}}`\n\n'.repeat(40)}`,
  'pages/linux/apt.md': `# apt\n\n> Package manager.\n\n${'- Install a package:\n\n`apt install {{package}}`\n\n'.repeat(40)}`,
  'scripts/check_pages.py': py(20),
  'README.md': '# pages\n',
};
