#!/bin/bash
# Retrains every learned model that reads the lexicon, by its shipped recipe, after a lexicon change (each model
# records the lexicon version it was trained with and is switched off under another one). docs/labels.md, "After a
# lexicon change". Deterministic: the same testdata and lexicon give the same files. The label model also reads the
# tgspam corpora of ../shared/fixtures/third-party/telegram-text/ (beside the repository, as the tests do).
set -euo pipefail
cd "$(dirname "$0")/.."
V=$(node -e "console.log(require('./packages/core/src/labels/lexicon.json').version)")
HELD=chat231aa,chat231ab,chat233aa,chat233ab,chat235aa,chat235ab,chat237aa,chat237ab,chat247ab,chat249ab,chat251ab,chat253ab,chat247aa,chat249aa,chat251aa,chat253aa,chat255aa,chat255ab,chat257aa,chat257ab,chat259aa,chat259ab,chat261aa,chat261ab,chat263aa,chat263ab,chat265aa,chat265ab,chat267aa,chat267ab,chat269aa,chat269ab,chat271aa,chat271ab,chat273aa,chat273ab,chat275aa,chat275ab,chat277aa,chat277ab,chat279aa,chat279ab,chat281aa,chat281ab,chat283aa,chat283ab,chat285aa,chat285ab,chat287aa,chat287ab,chat289aa,chat289ab,chat291aa,chat291ab,chat293aa,chat293ab,chat295aa,chat295ab,chat297aa,chat297ab,chat299aa,chat299ab,chat301aa,chat301ab,chat303aa,chat303ab,chat305aa,chat305ab,chat307aa,chat307ab,chat309aa,chat309ab,chat311aa,chat311ab,chat313aa,chat313ab,chat315aa,chat315ab
npx tsx scripts/write-lexicon-folds.ts > /dev/null 2>&1
# Label model 31: model 30's blocks (commit 355b68b) with the recruitment block retrained (scripts/train-labels.ts).
git show 355b68b:packages/core/src/labels/label-model.json |
  sed "s/\"lexiconVersion\": *\"[^\"]*\"/\"lexiconVersion\": \"$V\"/" > packages/core/src/labels/label-model.json
npx tsx scripts/train-labels.ts --labels recruitment --more-chats --bigrams 1 --skip-vetoed \
  --threshold-recruitment 0.7 --folds none --write --version 31 | tail -1
# Conversation models (scripts/train-conversation-model.ts) and line models (scripts/train-line-model.ts).
npx tsx scripts/train-conversation-model.ts --folds none --write --version 14 --ngram 4 --benign-chats 6 --exclude "$HELD" | tail -1
npx tsx scripts/train-conversation-model.ts --label recruitment --folds none --write --version 7 --min-own 0.5 \
  --ngram 4 --threshold 0.5 --benign-chats 6 --exclude "$HELD" | tail -1
npx tsx scripts/train-line-model.ts --label payment --write --version 2 --threshold 0.65 --exclude "$HELD" | tail -1
npx tsx scripts/train-line-model.ts --label training --write --version 1 --threshold 0.6 --exclude "$HELD" | tail -1
npx tsx scripts/train-line-model.ts --label drop_report --write --version 1 --threshold 0.6 --exclude "$HELD" | tail -1
