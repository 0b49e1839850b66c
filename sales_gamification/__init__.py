# Copyright 2026 Sales Gamification contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from . import controllers
from . import models
from .hooks import post_init_hook, uninstall_hook
