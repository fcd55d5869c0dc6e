"""Tiny transformers models built in tests (outputs are meaningless; the code paths are real)."""

from __future__ import annotations

from pathlib import Path

WORDS = (
    "<pad> <s> </s> <unk> the a diplomat defected to south korea north cuba in november "
    "he was spy agency said"
).split()


def _tokenizer():
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    core = Tokenizer(models.WordLevel(vocab={w: i for i, w in enumerate(WORDS)}, unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.Whitespace()
    return PreTrainedTokenizerFast(
        tokenizer_object=core,
        pad_token="<pad>",
        bos_token="<s>",
        eos_token="</s>",
        unk_token="<unk>",
    )


def build_tiny_models(root: Path) -> Path:
    """A tiny BART (``root/bart``) and GPT-2 (``root/gpt``) with a word-level tokenizer."""
    import torch
    from transformers import BartConfig, BartForConditionalGeneration, GPT2Config, GPT2LMHeadModel

    torch.manual_seed(0)
    seq2seq = BartForConditionalGeneration(
        BartConfig(
            vocab_size=len(WORDS),
            d_model=16,
            encoder_layers=1,
            decoder_layers=1,
            encoder_attention_heads=2,
            decoder_attention_heads=2,
            encoder_ffn_dim=32,
            decoder_ffn_dim=32,
            max_position_embeddings=64,
            pad_token_id=0,
            bos_token_id=1,
            eos_token_id=2,
            decoder_start_token_id=2,
            forced_eos_token_id=2,
        )
    )
    causal = GPT2LMHeadModel(
        GPT2Config(
            vocab_size=len(WORDS),
            n_embd=16,
            n_layer=1,
            n_head=2,
            n_positions=64,
            bos_token_id=1,
            eos_token_id=2,
            pad_token_id=0,
        )
    )
    for name, model in (("bart", seq2seq), ("gpt", causal)):
        model.save_pretrained(root / name)
        _tokenizer().save_pretrained(root / name)
    return root


def build_tiny_bert(folder: Path, seed: int) -> Path:
    """A tiny 2-layer BERT encoder with a word-level vocabulary in ``folder`` (what BERTScore
    loads); another ``seed``, other weights under the same config and tokenizer."""
    import torch
    from transformers import BertConfig, BertModel, BertTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS[4:]]
    (folder / "vocab.txt").write_text("\n".join(words) + "\n")
    torch.manual_seed(seed)
    model = BertModel(
        BertConfig(
            vocab_size=len(words),
            hidden_size=16,
            num_hidden_layers=2,
            num_attention_heads=2,
            intermediate_size=32,
            max_position_embeddings=64,
        )
    )
    model.save_pretrained(folder)
    BertTokenizer(str(folder / "vocab.txt"), model_max_length=64).save_pretrained(folder)
    return folder


def build_tiny_nli(folder: Path) -> Path:
    """A 1-layer BERT with an NLI head (random weights, "contradiction" always wins) and a
    word-level vocabulary, saved in ``folder``."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizer

    words = [
        "[PAD]",
        "[UNK]",
        "[CLS]",
        "[SEP]",
        "[MASK]",
        "a",
        "the",
        "north",
        "korean",
        "diplomat",
        "in",
        "havana",
        "fled",
        "to",
        "seoul",
        "november",
        "he",
        "is",
        "52",
        "years",
        "old",
        "defected",
        "south",
        "korea",
        "weather",
        "paris",
        "was",
        "warm",
    ]
    (folder / "vocab.txt").write_text("\n".join(words) + "\n")
    labels = {0: "ENTAILMENT", 1: "NEUTRAL", 2: "CONTRADICTION"}
    config = BertConfig(
        vocab_size=len(words),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
        num_labels=3,
        id2label=labels,
        label2id={v: k for k, v in labels.items()},
    )
    torch.manual_seed(0)
    model = BertForSequenceClassification(config)
    with torch.no_grad():  # make "contradiction" win whatever the input
        model.classifier.bias.copy_(torch.tensor([-4.0, 0.0, 4.0]))
    model.save_pretrained(folder)
    BertTokenizer(str(folder / "vocab.txt")).save_pretrained(folder)
    return folder
