"""Writes the chat-template fixtures of ChatTemplatesTest: per model family a tiny tokenizer, the family's real
chat template, and what transformers renders and encodes for a few conversations.

Run by a developer, offline, from the repository root (the tests only read the committed files):

    /work/venv/bin/python core/djl/src/test/python/make_chat_template_goldens.py

(any venv with transformers==5.17.0 and tokenizers==0.23.x; torch is not needed). Rerunning writes identical files.

For each family a folder core/djl/src/test/resources/io/posttrain4j/core/model/tokenizer/chat/<family>/ holds

- tokenizer.json: a byte-level BPE trained (here, deterministically) on the rendered test conversations only, its
  pipeline modelled on the real model's tokenizer.json (Qwen2: NFC and Qwen2's split regex; Llama 3: Llama 3's split
  regex and a post-processor that prepends <|begin_of_text|>; SmolLM2 / SmolVLM: single digits and GPT-2 byte-level
  splitting), with the family's control tokens as special added tokens (a subset of the real ones, in the real
  vocabulary's order as far as known; their ids are small).
- tokenizer_config.json: the real chat_template (verbatim, see SOURCES below) and the family's bos/eos/pad.
- goldens.json: per conversation, the messages, the text apply_chat_template(..., tokenize=False) renders, the ids of
  that text encoded with add_special_tokens=False (the template writes every control token itself; transformers 5.17
  also encodes with add_special_tokens=False when apply_chat_template tokenizes), and the ids decoded again with
  skip_special_tokens=True by the tokenizers library (what HuggingFaceTokenizer.decode runs).
  Cases whose conversation ends with an assistant turn are rendered without a generation prompt; "response" is that
  turn's text and "trailing_ids" the ids the template writes after the turn's end-of-turn token, so that
  encodePrompt(all but the last turn) + encodeResponse(response) + trailing_ids must equal "ids".

SOURCES of the templates (the Hugging Face hub is not reachable from here; no template was written from memory):

- Qwen2, Qwen2.5, SmolLM2, Llama 3, Llama 3.1 and Llama 3.2 instruct: the "gguf" chat templates in
  huggingface/huggingface.js, packages/ollama-utils/src/chat-template-automap.ts (commit
  fe42e68017ffc76d09922ea8f9b38a6964345710), a file generated from the tokenizer.chat_template metadata of the GGUF
  conversions of those models (entries library/qwen2:0.5b, library/qwen2.5:0.5b, library/smollm2:135m,
  library/llama3:8b, library/llama3.1:8b, library/llama3.2:3b). They agree with other public copies of the models'
  tokenizer_config.json: SmolLM2's with the HuggingFaceTB/SmolLM2-135M-Instruct tokenizer_config.json quoted in several
  repositories; Llama 3.2's with ggerganov/llama.cpp models/templates/meta-llama-Llama-3.2-3B-Instruct.jinja (commit
  7b5e0803c84435e8005725d8f9ddceb5d1820443); Qwen2.5's with the copy of Qwen2.5-Instruct's template in
  openbmb's MiniCPM-o-2_6 processor test, except for one line of the tools branch (that copy writes
  {\"name\": ...} where this one writes {{\"name\": ...}}), which no conversation here reaches.
- SmolVLM-256M/500M-Instruct: the chat template of transformers' own SmolVLM processor test
  (huggingface/transformers tests/models/smolvlm/test_processing_smolvlm.py, prepare_processor_dict, commit
  007bc1ef117e50bf6b8427f932345dd80d93f8a5); the script checks that it is the installed transformers'
  processing_smolvlm.DEFAULT_CHAT_TEMPLATE without that template's video branch. It was not compared byte for byte
  with the hub's chat_template.json. The images are expanded by transformers 5.17's SmolVLMProcessor.replace_image_token
  and get_text_with_replacements for an image that is not split (rows = cols = 0, what SmolVLMImageProcessor returns
  with do_image_splitting=False), with image_seq_len 64 (SmolVLM-256M/500M at 512x512: (512/16)^2 / 4^2); the image
  processor itself is not run (it needs torchvision, which this venv lacks).

What the templates do that a Java rendering must copy (and the goldens pin):

- Qwen2 / Qwen2.5 / SmolLM2 (ChatML) add a default system turn when the first message is not a system message:
  "You are a helpful assistant." (Qwen2), "You are Qwen, created by Alibaba Cloud. You are a helpful assistant."
  (Qwen2.5), "You are a helpful AI assistant named SmolLM, trained by Hugging Face" (SmolLM2). Contents are not
  trimmed. No BOS.
- Llama 3.1 and 3.2 always open with a system turn "Cutting Knowledge Date: December 2023\nToday Date: <date>\n\n"
  followed by the (trimmed) system message, even without one; every content is trimmed (Jinja trim = Python
  str.strip()). Llama 3.1 defaults the date to "26 Jul 2024"; Llama 3.2 uses strftime_now("%d %b %Y"), which
  transformers defines, so it renders today's date unless date_string is passed: these goldens pass
  date_string="26 Jul 2024" for Llama 3.2. Llama 3 (3.0) has no system preamble. The template writes
  <|begin_of_text|> itself while the tokenizer's post-processor also prepends it: encoding the rendered text with
  add_special_tokens=True gives two (checked below).
- SmolVLM writes <|im_start|> once, then per message "User:" / "Assistant:" / "System:" (role | capitalize) followed by
  ": " when the first content item is text and ":" when it is an image, the items (an image as <image>),
  "<end_of_utterance>\n"; the generation prompt is "Assistant:" without a space, so an assistant turn reads
  "Assistant: " + text. Contents must be lists of {"type": ...} items (a plain string content renders nothing).
"""
import json
import os
import re

from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
from transformers import PreTrainedTokenizerFast, SmolVLMProcessor
import transformers
import transformers.models.smolvlm.processing_smolvlm as smolvlm_processing

assert transformers.__version__ == "5.17.0", transformers.__version__

OUT = "core/djl/src/test/resources/io/posttrain4j/core/model/tokenizer/chat"

# ---- Chat templates, verbatim (see SOURCES) ----
# library/qwen2:0.5b
QWEN2_TEMPLATE = r'''{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system
You are a helpful assistant.<|im_end|>
' }}{% endif %}{{'<|im_start|>' + message['role'] + '
' + message['content'] + '<|im_end|>' + '
'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant
' }}{% endif %}'''

# library/qwen2.5:0.5b
QWEN25_TEMPLATE = r'''{%- if tools %}
    {{- '<|im_start|>system\n' }}
    {%- if messages[0]['role'] == 'system' %}
        {{- messages[0]['content'] }}
    {%- else %}
        {{- 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.' }}
    {%- endif %}
    {{- "\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>" }}
    {%- for tool in tools %}
        {{- "\n" }}
        {{- tool | tojson }}
    {%- endfor %}
    {{- "\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{{\"name\": <function-name>, \"arguments\": <args-json-object>}}\n</tool_call><|im_end|>\n" }}
{%- else %}
    {%- if messages[0]['role'] == 'system' %}
        {{- '<|im_start|>system\n' + messages[0]['content'] + '<|im_end|>\n' }}
    {%- else %}
        {{- '<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n' }}
    {%- endif %}
{%- endif %}
{%- for message in messages %}
    {%- if (message.role == "user") or (message.role == "system" and not loop.first) or (message.role == "assistant" and not message.tool_calls) %}
        {{- '<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>' + '\n' }}
    {%- elif message.role == "assistant" %}
        {{- '<|im_start|>' + message.role }}
        {%- if message.content %}
            {{- '\n' + message.content }}
        {%- endif %}
        {%- for tool_call in message.tool_calls %}
            {%- if tool_call.function is defined %}
                {%- set tool_call = tool_call.function %}
            {%- endif %}
            {{- '\n<tool_call>\n{"name": "' }}
            {{- tool_call.name }}
            {{- '", "arguments": ' }}
            {{- tool_call.arguments | tojson }}
            {{- '}\n</tool_call>' }}
        {%- endfor %}
        {{- '<|im_end|>\n' }}
    {%- elif message.role == "tool" %}
        {%- if (loop.index0 == 0) or (messages[loop.index0 - 1].role != "tool") %}
            {{- '<|im_start|>user' }}
        {%- endif %}
        {{- '\n<tool_response>\n' }}
        {{- message.content }}
        {{- '\n</tool_response>' }}
        {%- if loop.last or (messages[loop.index0 + 1].role != "tool") %}
            {{- '<|im_end|>\n' }}
        {%- endif %}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|im_start|>assistant\n' }}
{%- endif %}
'''

# library/smollm2:135m
SMOLLM2_TEMPLATE = r'''{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system
You are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>
' }}{% endif %}{{'<|im_start|>' + message['role'] + '
' + message['content'] + '<|im_end|>' + '
'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant
' }}{% endif %}'''

# library/llama3:8b
LLAMA3_TEMPLATE = r'''{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>

'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>

' }}{% endif %}'''

# library/llama3.1:8b
LLAMA31_TEMPLATE = r'''{{- bos_token }}
{%- if custom_tools is defined %}
    {%- set tools = custom_tools %}
{%- endif %}
{%- if not tools_in_user_message is defined %}
    {%- set tools_in_user_message = true %}
{%- endif %}
{%- if not date_string is defined %}
    {%- set date_string = "26 Jul 2024" %}
{%- endif %}
{%- if not tools is defined %}
    {%- set tools = none %}
{%- endif %}

{#- This block extracts the system message, so we can slot it into the right place. #}
{%- if messages[0]['role'] == 'system' %}
    {%- set system_message = messages[0]['content']|trim %}
    {%- set messages = messages[1:] %}
{%- else %}
    {%- set system_message = "" %}
{%- endif %}

{#- System message + builtin tools #}
{{- "<|start_header_id|>system<|end_header_id|>\n\n" }}
{%- if builtin_tools is defined or tools is not none %}
    {{- "Environment: ipython\n" }}
{%- endif %}
{%- if builtin_tools is defined %}
    {{- "Tools: " + builtin_tools | reject('equalto', 'code_interpreter') | join(", ") + "\n\n"}}
{%- endif %}
{{- "Cutting Knowledge Date: December 2023\n" }}
{{- "Today Date: " + date_string + "\n\n" }}
{%- if tools is not none and not tools_in_user_message %}
    {{- "You have access to the following functions. To call a function, please respond with JSON for a function call." }}
    {{- 'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.' }}
    {{- "Do not use variables.\n\n" }}
    {%- for t in tools %}
        {{- t | tojson(indent=4) }}
        {{- "\n\n" }}
    {%- endfor %}
{%- endif %}
{{- system_message }}
{{- "<|eot_id|>" }}

{#- Custom tools are passed in a user message with some extra guidance #}
{%- if tools_in_user_message and not tools is none %}
    {#- Extract the first user message so we can plug it in here #}
    {%- if messages | length != 0 %}
        {%- set first_user_message = messages[0]['content']|trim %}
        {%- set messages = messages[1:] %}
    {%- else %}
        {{- raise_exception("Cannot put tools in the first user message when there's no first user message!") }}
{%- endif %}
    {{- '<|start_header_id|>user<|end_header_id|>\n\n' -}}
    {{- "Given the following functions, please respond with a JSON for a function call " }}
    {{- "with its proper arguments that best answers the given prompt.\n\n" }}
    {{- 'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.' }}
    {{- "Do not use variables.\n\n" }}
    {%- for t in tools %}
        {{- t | tojson(indent=4) }}
        {{- "\n\n" }}
    {%- endfor %}
    {{- first_user_message + "<|eot_id|>"}}
{%- endif %}

{%- for message in messages %}
    {%- if not (message.role == 'ipython' or message.role == 'tool' or 'tool_calls' in message) %}
        {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' }}
    {%- elif 'tool_calls' in message %}
        {%- if not message.tool_calls|length == 1 %}
            {{- raise_exception("This model only supports single tool-calls at once!") }}
        {%- endif %}
        {%- set tool_call = message.tool_calls[0].function %}
        {%- if builtin_tools is defined and tool_call.name in builtin_tools %}
            {{- '<|start_header_id|>assistant<|end_header_id|>\n\n' -}}
            {{- "<|python_tag|>" + tool_call.name + ".call(" }}
            {%- for arg_name, arg_val in tool_call.arguments | items %}
                {{- arg_name + '="' + arg_val + '"' }}
                {%- if not loop.last %}
                    {{- ", " }}
                {%- endif %}
                {%- endfor %}
            {{- ")" }}
        {%- else  %}
            {{- '<|start_header_id|>assistant<|end_header_id|>\n\n' -}}
            {{- '{"name": "' + tool_call.name + '", ' }}
            {{- '"parameters": ' }}
            {{- tool_call.arguments | tojson }}
            {{- "}" }}
        {%- endif %}
        {%- if builtin_tools is defined %}
            {#- This means we're in ipython mode #}
            {{- "<|eom_id|>" }}
        {%- else %}
            {{- "<|eot_id|>" }}
        {%- endif %}
    {%- elif message.role == "tool" or message.role == "ipython" %}
        {{- "<|start_header_id|>ipython<|end_header_id|>\n\n" }}
        {%- if message.content is mapping or message.content is iterable %}
            {{- message.content | tojson }}
        {%- else %}
            {{- message.content }}
        {%- endif %}
        {{- "<|eot_id|>" }}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|start_header_id|>assistant<|end_header_id|>\n\n' }}
{%- endif %}
'''

# library/llama3.2:3b
LLAMA32_TEMPLATE = r'''{{- bos_token }}
{%- if custom_tools is defined %}
    {%- set tools = custom_tools %}
{%- endif %}
{%- if not tools_in_user_message is defined %}
    {%- set tools_in_user_message = true %}
{%- endif %}
{%- if not date_string is defined %}
    {%- if strftime_now is defined %}
        {%- set date_string = strftime_now("%d %b %Y") %}
    {%- else %}
        {%- set date_string = "26 Jul 2024" %}
    {%- endif %}
{%- endif %}
{%- if not tools is defined %}
    {%- set tools = none %}
{%- endif %}

{#- This block extracts the system message, so we can slot it into the right place. #}
{%- if messages[0]['role'] == 'system' %}
    {%- set system_message = messages[0]['content']|trim %}
    {%- set messages = messages[1:] %}
{%- else %}
    {%- set system_message = "" %}
{%- endif %}

{#- System message #}
{{- "<|start_header_id|>system<|end_header_id|>\n\n" }}
{%- if tools is not none %}
    {{- "Environment: ipython\n" }}
{%- endif %}
{{- "Cutting Knowledge Date: December 2023\n" }}
{{- "Today Date: " + date_string + "\n\n" }}
{%- if tools is not none and not tools_in_user_message %}
    {{- "You have access to the following functions. To call a function, please respond with JSON for a function call." }}
    {{- 'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.' }}
    {{- "Do not use variables.\n\n" }}
    {%- for t in tools %}
        {{- t | tojson(indent=4) }}
        {{- "\n\n" }}
    {%- endfor %}
{%- endif %}
{{- system_message }}
{{- "<|eot_id|>" }}

{#- Custom tools are passed in a user message with some extra guidance #}
{%- if tools_in_user_message and not tools is none %}
    {#- Extract the first user message so we can plug it in here #}
    {%- if messages | length != 0 %}
        {%- set first_user_message = messages[0]['content']|trim %}
        {%- set messages = messages[1:] %}
    {%- else %}
        {{- raise_exception("Cannot put tools in the first user message when there's no first user message!") }}
{%- endif %}
    {{- '<|start_header_id|>user<|end_header_id|>\n\n' -}}
    {{- "Given the following functions, please respond with a JSON for a function call " }}
    {{- "with its proper arguments that best answers the given prompt.\n\n" }}
    {{- 'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.' }}
    {{- "Do not use variables.\n\n" }}
    {%- for t in tools %}
        {{- t | tojson(indent=4) }}
        {{- "\n\n" }}
    {%- endfor %}
    {{- first_user_message + "<|eot_id|>"}}
{%- endif %}

{%- for message in messages %}
    {%- if not (message.role == 'ipython' or message.role == 'tool' or 'tool_calls' in message) %}
        {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' }}
    {%- elif 'tool_calls' in message %}
        {%- if not message.tool_calls|length == 1 %}
            {{- raise_exception("This model only supports single tool-calls at once!") }}
        {%- endif %}
        {%- set tool_call = message.tool_calls[0].function %}
        {{- '<|start_header_id|>assistant<|end_header_id|>\n\n' -}}
        {{- '{"name": "' + tool_call.name + '", ' }}
        {{- '"parameters": ' }}
        {{- tool_call.arguments | tojson }}
        {{- "}" }}
        {{- "<|eot_id|>" }}
    {%- elif message.role == "tool" or message.role == "ipython" %}
        {{- "<|start_header_id|>ipython<|end_header_id|>\n\n" }}
        {%- if message.content is mapping or message.content is iterable %}
            {{- message.content | tojson }}
        {%- else %}
            {{- message.content }}
        {%- endif %}
        {{- "<|eot_id|>" }}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|start_header_id|>assistant<|end_header_id|>\n\n' }}
{%- endif %}
'''

# SmolVLM-256M/500M-Instruct, from transformers' SmolVLM processor test (see SOURCES).
SMOLVLM_TEMPLATE = ("<|im_start|>{% for message in messages %}{{message['role'] | capitalize}}{% if message['content'][0]"
                    "['type'] == 'image' %}{{':'}}{% else %}{{': '}}{% endif %}{% for line in message['content'] %}{% if "
                    "line['type'] == 'text' %}{{line['text']}}{% elif line['type'] == 'image' %}{{ '<image>' }}{% endif %}"
                    "{% endfor %}<end_of_utterance>\n{% endfor %}{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}")
assert smolvlm_processing.DEFAULT_CHAT_TEMPLATE.replace(
    "{% elif line['type'] == 'video' %}{{ '<video>' }}", "") == SMOLVLM_TEMPLATE

SMOLVLM_IMAGE_SEQ_LEN = 64
LLAMA32_DATE = "26 Jul 2024"

# Pre-tokenizer regexes of the real tokenizer.json files (Qwen2/Qwen2.5 and Llama 3.x).
QWEN2_SPLIT = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+"
               r"|\s+(?!\S)|\s+")
LLAMA3_SPLIT = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                r"|\s*[\r\n]+|\s+(?!\S)|\s+")


def qwen2_pipeline(tok, ids):
    tok.normalizer = normalizers.NFC()
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(QWEN2_SPLIT), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
    tok.decoder = decoders.ByteLevel()
    tok.post_processor = processors.ByteLevel(trim_offsets=False)


def llama3_pipeline(tok, ids):
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(LLAMA3_SPLIT), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=False)])
    tok.decoder = decoders.ByteLevel()
    if ids is not None:
        bos = ids["<|begin_of_text|>"]
        tok.post_processor = processors.Sequence([
            processors.ByteLevel(trim_offsets=False),
            processors.TemplateProcessing(single="<|begin_of_text|> $A",
                                          pair="<|begin_of_text|> $A <|begin_of_text|> $B:1",
                                          special_tokens=[("<|begin_of_text|>", bos)])])


def smollm2_pipeline(tok, ids):
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Digits(individual_digits=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)])
    tok.decoder = decoders.ByteLevel()
    tok.post_processor = processors.ByteLevel(trim_offsets=False)


QWEN25_SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|object_ref_start|>", "<|object_ref_end|>",
                   "<|box_start|>", "<|box_end|>", "<|quad_start|>", "<|quad_end|>", "<|vision_start|>",
                   "<|vision_end|>", "<|vision_pad|>", "<|image_pad|>", "<|video_pad|>"]
LLAMA31_SPECIALS = ["<|begin_of_text|>", "<|end_of_text|>", "<|reserved_special_token_0|>",
                    "<|reserved_special_token_1|>", "<|finetune_right_pad_id|>", "<|reserved_special_token_2|>",
                    "<|start_header_id|>", "<|end_header_id|>", "<|eom_id|>", "<|eot_id|>", "<|python_tag|>"]
CHATML_NAMES = {"pad": "<|endoftext|>", "begin_of_text": "<|endoftext|>", "end_of_turn": "<|im_end|>",
                "image": "<|endoftext|>", "system": "<|im_start|>", "user": "<|im_start|>",
                "assistant": "<|im_start|>"}

# "leading" specials take the first ids (as in SmolLM2's vocabulary), "trailing" ones follow the BPE vocabulary (as
# in Qwen's and Llama's). "names" are the SpecialTokenNames the Java test loads the tokenizer with; None means the
# preset HuggingFaceTokenizer detects from the vocabulary (Qwen2 needs <|vision_pad|> or <|image_pad|> for that,
# Llama 3 <|reserved_special_token_2|>).
FAMILIES = [
    dict(folder="qwen2", family="chatml", model="Qwen/Qwen2-*-Instruct", template=QWEN2_TEMPLATE,
         source="huggingface.js chat-template-automap.ts library/qwen2:0.5b", pipeline=qwen2_pipeline,
         leading=[], trailing=["<|endoftext|>", "<|im_start|>", "<|im_end|>"], names=CHATML_NAMES,
         config=dict(bos_token=None, eos_token="<|im_end|>", pad_token="<|endoftext|>",
                     clean_up_tokenization_spaces=False),
         default_system="You are a helpful assistant.", end_of_turn="<|im_end|>"),
    dict(folder="qwen2.5", family="chatml", model="Qwen/Qwen2.5-*-Instruct", template=QWEN25_TEMPLATE,
         source="huggingface.js chat-template-automap.ts library/qwen2.5:0.5b", pipeline=qwen2_pipeline,
         leading=[], trailing=QWEN25_SPECIALS, names=None,
         config=dict(bos_token=None, eos_token="<|im_end|>", pad_token="<|endoftext|>",
                     clean_up_tokenization_spaces=False),
         default_system="You are Qwen, created by Alibaba Cloud. You are a helpful assistant.",
         end_of_turn="<|im_end|>"),
    dict(folder="smollm2", family="chatml", model="HuggingFaceTB/SmolLM2-*-Instruct", template=SMOLLM2_TEMPLATE,
         source="huggingface.js chat-template-automap.ts library/smollm2:135m", pipeline=smollm2_pipeline,
         leading=["<|endoftext|>", "<|im_start|>", "<|im_end|>"], trailing=[],
         names=dict(CHATML_NAMES, pad="<|im_end|>", begin_of_text="<|im_start|>"),
         config=dict(bos_token="<|im_start|>", eos_token="<|im_end|>", pad_token="<|im_end|>",
                     unk_token="<|endoftext|>", clean_up_tokenization_spaces=False),
         default_system="You are a helpful AI assistant named SmolLM, trained by Hugging Face",
         end_of_turn="<|im_end|>"),
    dict(folder="llama3", family="llama3", model="meta-llama/Meta-Llama-3-8B-Instruct", template=LLAMA3_TEMPLATE,
         source="huggingface.js chat-template-automap.ts library/llama3:8b", pipeline=llama3_pipeline,
         leading=[], trailing=LLAMA31_SPECIALS, names=None,
         config=dict(bos_token="<|begin_of_text|>", eos_token="<|eot_id|>", clean_up_tokenization_spaces=True),
         today_date=None, end_of_turn="<|eot_id|>"),
    dict(folder="llama3.1", family="llama3", model="meta-llama/Llama-3.1-8B-Instruct", template=LLAMA31_TEMPLATE,
         source="huggingface.js chat-template-automap.ts library/llama3.1:8b", pipeline=llama3_pipeline,
         leading=[], trailing=LLAMA31_SPECIALS, names=None,
         config=dict(bos_token="<|begin_of_text|>", eos_token="<|eot_id|>", clean_up_tokenization_spaces=True),
         today_date="26 Jul 2024", end_of_turn="<|eot_id|>"),
    dict(folder="llama3.2", family="llama3", model="meta-llama/Llama-3.2-*-Instruct", template=LLAMA32_TEMPLATE,
         source="huggingface.js chat-template-automap.ts library/llama3.2:3b", pipeline=llama3_pipeline,
         leading=[], trailing=LLAMA31_SPECIALS, names=None,
         config=dict(bos_token="<|begin_of_text|>", eos_token="<|eot_id|>", clean_up_tokenization_spaces=True),
         today_date=LLAMA32_DATE, render_kwargs={"date_string": LLAMA32_DATE}, end_of_turn="<|eot_id|>"),
    dict(folder="smolvlm", family="smolvlm", model="HuggingFaceTB/SmolVLM-256M-Instruct, SmolVLM-500M-Instruct",
         template=SMOLVLM_TEMPLATE,
         source="transformers tests/models/smolvlm/test_processing_smolvlm.py (= processing_smolvlm.DEFAULT_CHAT_TEMPLATE"
                " without its video branch)",
         pipeline=smollm2_pipeline,
         leading=["<|endoftext|>", "<|im_start|>", "<|im_end|>"],
         trailing=["<global-img>", "<fake_token_around_image>", "<image>", "<end_of_utterance>"],
         names={"pad": "<|im_end|>", "begin_of_text": "<|im_start|>", "end_of_turn": "<end_of_utterance>",
                "image": "<image>", "system": "<|im_start|>", "user": "<|im_start|>", "assistant": "<|im_start|>"},
         config=dict(bos_token="<|im_start|>", eos_token="<end_of_utterance>", pad_token="<|im_end|>",
                     unk_token="<|endoftext|>", clean_up_tokenization_spaces=False),
         tokens_per_image=SMOLVLM_IMAGE_SEQ_LEN, end_of_turn="<end_of_utterance>"),
]

SYSTEM = "You are a careful math tutor."
Q1 = "What is 2 + 3?"
A1 = "2 + 3 = 5."
Q2 = "And 5 * 4?"


def msg(role, text, images=0):
    return {"role": role, "text": text, "images": images}


TEXT_CASES = [
    ("user_only", [msg("user", Q1)]),
    ("system_user", [msg("system", SYSTEM), msg("user", Q1)]),
    ("multi_turn", [msg("user", Q1), msg("assistant", A1), msg("user", Q2)]),
    ("system_multi_turn", [msg("system", SYSTEM), msg("user", Q1), msg("assistant", A1), msg("user", Q2)]),
    # Leading and trailing whitespace: Llama 3 trims every content, the others keep it.
    ("whitespace", [msg("system", "  Be brief.\n"), msg("user", "\n What is 2 + 3?  \n")]),
    ("response", [msg("user", Q1), msg("assistant", "It is 5.")]),
    ("system_response", [msg("system", SYSTEM), msg("user", Q1), msg("assistant", A1)]),
]
IMAGE_CASES = [
    ("image", [msg("user", "What is in the image?", 1)]),
    ("two_images", [msg("user", "Compare the images.", 2)]),
    ("image_multi_turn", [msg("system", SYSTEM), msg("user", "What is in the image?", 1), msg("assistant", A1),
                          msg("user", Q2)]),
    ("image_response", [msg("user", "What is in the image?", 1), msg("assistant", "It is 5.")]),
]


def hf_messages(spec, messages):
    out = []
    for m in messages:
        if spec["family"] == "smolvlm":
            # Images come first in a posttrain4j Message, then the text.
            content = [{"type": "image"}] * m["images"] + [{"type": "text", "text": m["text"]}]
        else:
            assert m["images"] == 0
            content = m["text"]
        out.append({"role": m["role"], "content": content})
    return out


def smolvlm_expander(tok):
    """Expands each <image> of a rendered text as transformers' SmolVLMProcessor does for an image it does not split.

    SmolVLMProcessor.__init__ also wants an image and a video processor (torchvision) and num2words, which are not
    needed for the text side; so the processor is made without __init__, with the attributes __init__ sets.
    """
    proc = object.__new__(SmolVLMProcessor)
    proc.fake_image_token = getattr(tok, "fake_image_token", None) or "<fake_token_around_image>"
    proc.image_token = getattr(tok, "image_token", None) or "<image>"
    proc.global_image_token = getattr(tok, "global_image_token", None) or "<global-img>"
    proc.video_token = getattr(tok, "video_token", None) or "<video>"
    proc.image_seq_len = SMOLVLM_IMAGE_SEQ_LEN
    single = smolvlm_processing._prompt_single_image(SMOLVLM_IMAGE_SEQ_LEN, "<fake_token_around_image>", "<image>",
                                                     "<global-img>")
    assert single == "<fake_token_around_image><global-img>" + "<image>" * 64 + "<fake_token_around_image>"

    def expand(text, n_images):
        if n_images == 0:
            return text
        image_inputs = {"rows": [[0] * n_images], "cols": [[0] * n_images]}
        replacements = [proc.replace_image_token(image_inputs, image_idx=i) for i in range(n_images)]
        assert replacements == [single] * n_images
        expanded, _ = proc.get_text_with_replacements([text], images_replacements=replacements)
        return expanded[0]

    return expand


def render(spec, tok, messages):
    hf = hf_messages(spec, messages)
    generation = messages[-1]["role"] != "assistant"
    text = tok.apply_chat_template(hf, tokenize=False, add_generation_prompt=generation,
                                   **spec.get("render_kwargs", {}))
    if spec["family"] == "smolvlm":
        text = smolvlm_expander(tok)(text, sum(m["images"] for m in messages))
    return text, generation


def provisional_tokenizer(spec):
    tok = Tokenizer(models.WordLevel({"[UNK]": 0}, unk_token="[UNK]"))
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False)
                            for s in spec["leading"] + spec["trailing"]])
    return PreTrainedTokenizerFast(tokenizer_object=tok, chat_template=spec["template"], **spec["config"])


def train(spec, texts):
    specials = spec["leading"] + spec["trailing"]
    split = re.compile("|".join(re.escape(s) for s in sorted(specials, key=len, reverse=True)))
    pieces = [p for t in texts for p in split.split(t) if p]
    tok = Tokenizer(models.BPE())
    spec["pipeline"](tok, None)
    trainer = trainers.BpeTrainer(vocab_size=160, min_frequency=2, show_progress=False,
                                  special_tokens=[AddedToken(s, special=True, normalized=False)
                                                  for s in spec["leading"]])
    tok.train_from_iterator(pieces, trainer)
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in spec["trailing"]])
    ids = {s: tok.token_to_id(s) for s in specials}
    spec["pipeline"](tok, ids)
    return tok, ids


def compact_json(value, indent=0):
    """JSON with one key per line and lists of numbers on one line (readable diffs, small files)."""
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f'{pad} {json.dumps(k)}: {compact_json(v, indent + 1)}' for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list) and value and not all(isinstance(v, int) for v in value):
        items = [f"{pad} {compact_json(v, indent + 1)}" for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(value, ensure_ascii=False)


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text if text.endswith("\n") else text + "\n")


def make(spec):
    folder = os.path.join(OUT, spec["folder"])
    os.makedirs(folder, exist_ok=True)
    cases = TEXT_CASES + (IMAGE_CASES if spec["family"] == "smolvlm" else [])

    scratch = provisional_tokenizer(spec)
    texts = [render(spec, scratch, messages)[0] for _, messages in cases]
    backend, ids = train(spec, texts)
    backend.save(os.path.join(folder, "tokenizer.json"), pretty=True)
    config = {"tokenizer_class": "PreTrainedTokenizerFast", **spec["config"], "model_max_length": 131072,
              "chat_template": spec["template"]}
    write(os.path.join(folder, "tokenizer_config.json"), json.dumps(config, indent=2, ensure_ascii=False))

    tok = PreTrainedTokenizerFast.from_pretrained(folder, local_files_only=True)
    assert tok.chat_template == spec["template"]
    eot = spec["end_of_turn"]
    out_cases = []
    for (name, messages), provisional_text in zip(cases, texts):
        text, generation = render(spec, tok, messages)
        assert text == provisional_text, name
        case_ids = tok.encode(text, add_special_tokens=False)
        assert tok.decode(case_ids) == text, name
        case = {"name": name, "messages": messages, "add_generation_prompt": generation, "text": text,
                "ids": case_ids, "decoded": tok.backend_tokenizer.decode(case_ids, skip_special_tokens=True)}
        if spec["family"] == "smolvlm":
            starts = [i + 1 for i, t in enumerate(case_ids) if t == ids["<global-img>"]]
            assert all(case_ids[s:s + SMOLVLM_IMAGE_SEQ_LEN] == [ids["<image>"]] * SMOLVLM_IMAGE_SEQ_LEN
                       for s in starts)
            case["image_starts"] = starts
        if not generation:
            after = text[text.rindex(eot) + len(eot):]
            case["response"] = messages[-1]["text"]
            case["trailing_ids"] = tok.encode(after, add_special_tokens=False) if after else []
            assert case_ids[len(case_ids) - len(case["trailing_ids"]):] == case["trailing_ids"]
        out_cases.append(case)

    if spec["family"] == "llama3":
        # The tokenizer's post-processor adds <|begin_of_text|> too: the template's BOS must not be doubled.
        doubled = tok.encode(out_cases[0]["text"], add_special_tokens=True)
        assert doubled[:2] == [ids["<|begin_of_text|>"]] * 2, doubled[:3]
    if spec["folder"] == "llama3.2":
        # Without date_string the template takes transformers' strftime_now: today's date, not the golden one.
        today = tok.apply_chat_template(hf_messages(spec, TEXT_CASES[0][1]), tokenize=False,
                                        add_generation_prompt=True)
        assert re.search(r"Today Date: \d\d [A-Z][a-z]{2} \d{4}\n", today), today

    goldens = {
        "family": spec["family"],
        "model": spec["model"],
        "template_source": spec["source"],
        "tokens_per_image": spec.get("tokens_per_image", 0),
        "end_of_turn": eot,
        "default_system": spec.get("default_system"),
        "today_date": spec.get("today_date"),
        "render_kwargs": spec.get("render_kwargs", {}),
        "special_token_names": spec["names"],
        "control_ids": ids,
        "cases": out_cases,
    }
    write(os.path.join(folder, "goldens.json"), compact_json(goldens))
    print(f"{folder}: {len(out_cases)} cases, vocabulary {backend.get_vocab_size()}")


def main():
    for spec in FAMILIES:
        make(spec)


if __name__ == "__main__":
    main()
