#!/usr/bin/env node
// The `rapport` command. This file is committed executable; the code it runs is built into dist/ by `npm run build`.
import "../dist/cli/cli.js";
