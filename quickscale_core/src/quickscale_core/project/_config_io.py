"""Stand-in reader and writer of quickscale.yml until quickscale_core.config.load lands (swapped at merge).

No validation here: the config package checks the file and reports line and column.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from quickscale_core.config import CONFIG_FILE, ProjectConfig
from quickscale_core.errors import ConfigError


def load_config(path: Path) -> ProjectConfig:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        return ProjectConfig.from_data(data)
    except FileNotFoundError:
        raise ConfigError(
            f"There is no {CONFIG_FILE} in {Path(path).parent}; run the command in the folder that holds it, "
            "or write one with quickscale create NAME."
        ) from None
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as error:
        raise ConfigError(f"{path} cannot be read ({error}); fix it and run the command again.") from None


def dump_config(config: ProjectConfig) -> str:
    return yaml.safe_dump(config.to_data(), sort_keys=False)
