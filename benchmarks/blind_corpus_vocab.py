"""Names for the blind corpus: organisations, model families, people, projects, benchmarks.

Plain data only; ``benchmarks/blind_corpus.py`` composes posts from it. Real organisation and
product names appear next to invented ones; every person is invented, and every event the
corpus tells (a lawsuit, an outage, a layoff) is fiction written for a test.
"""

from __future__ import annotations

# name | Korean form ("" when Koreans write it in Latin) | short alias ("" for none) | X handle |
# web domain | kind | model families (name/Korean/separator/open, ";"-joined, "" for none)
ORGS = """
OpenAI|오픈AI||OpenAI|openai.com|lab|GPT/GPT/-/0;Sora/소라/ /0;Whisper/위스퍼/ /1
Anthropic|앤트로픽||AnthropicAI|anthropic.com|lab|Claude/클로드/ /0
Google DeepMind|구글 딥마인드|DeepMind|GoogleDeepMind|deepmind.google|lab|\
Gemini/제미나이/ /0;Gemma/젬마/ /1;Veo/비오/ /0
Google|구글||Google|blog.google|bigtech|Imagen/이마젠/ /0
Meta|메타|Meta AI|AIatMeta|ai.meta.com|bigtech|Llama/라마/ /1;Chameleon/카멜레온/ /1
Microsoft|마이크로소프트|MS|Microsoft|microsoft.com|bigtech|Phi/파이/-/1;Florence/플로렌스/-/1
Apple|애플||Apple|apple.com|bigtech|OpenELM/오픈ELM/-/1
Amazon|아마존|AWS|awscloud|aws.amazon.com|bigtech|Titan/타이탄/ /0
NVIDIA|엔비디아|Nvidia|nvidia|nvidia.com|chip|Nemotron/네모트론/-/1
AMD|AMD||AMD|amd.com|chip|
Intel|인텔||intel|intel.com|chip|
Mistral AI|미스트랄|Mistral|MistralAI|mistral.ai|lab|\
Mistral/미스트랄/ /1;Codestral/코드스트랄/ /1;Pixtral/픽스트랄/ /1
Cohere|코히어||cohere|cohere.com|lab|Command/커맨드/ /1;Aya/아야/ /1
xAI|xAI||xai|x.ai|lab|Grok/그록/-/0
DeepSeek|딥시크||deepseek_ai|deepseek.com|lab|DeepSeek/딥시크/-/1
Alibaba Cloud|알리바바|Alibaba|alibaba_cloud|alibabacloud.com|bigtech|Qwen/큐원/-/1
Baidu|바이두||Baidu_Inc|baidu.com|bigtech|ERNIE/어니/ /0
Tencent|텐센트||TencentGlobal|tencent.com|bigtech|Hunyuan/훈위안/-/1
Moonshot AI|문샷AI|Moonshot|Kimi_Moonshot|moonshot.cn|lab|Kimi/키미/ /0
Zhipu AI|즈푸AI|Zhipu|ChatGLM|zhipuai.cn|lab|GLM/GLM/-/1
01.AI|01.AI||01AI_Yi|01.ai|lab|Yi/이/-/1
AI21 Labs|AI21|AI21|AI21Labs|ai21.com|lab|Jamba/잠바/ /1
Stability AI|스태빌리티AI|Stability|StabilityAI|stability.ai|lab|\
Stable Diffusion/스테이블 디퓨전/ /1;Stable Audio/스테이블 오디오/ /1
Midjourney|미드저니||midjourney|midjourney.com|startup|Midjourney/미드저니/ v/0
Runway|런웨이||runwayml|runwayml.com|startup|Gen/젠/-/0
Perplexity|퍼플렉시티||perplexity_ai|perplexity.ai|startup|Sonar/소나/ /0
Hugging Face|허깅페이스|HF|huggingface|huggingface.co|startup|SmolLM/스몰LM/-/1;Idefics/이데픽스/-/1
Databricks|데이터브릭스||databricks|databricks.com|startup|DBRX/DBRX/ /1
Snowflake|스노우플레이크||SnowflakeDB|snowflake.com|bigtech|Arctic/아크틱/ /1
Together AI|투게더AI|Together|togethercompute|together.ai|startup|
Groq|그록||GroqInc|groq.com|chip|
Cerebras|세레브라스||CerebrasSystems|cerebras.ai|chip|
Reka|레카||RekaAILabs|reka.ai|startup|Reka/레카/ /0
Character.AI|캐릭터닷AI|Character|character_ai|character.ai|startup|
Scale AI|스케일AI|Scale|scale_AI|scale.com|startup|
IBM|IBM||IBM|ibm.com|bigtech|Granite/그래니트/ /1
Allen Institute for AI|앨런AI연구소|AI2|allen_ai|allenai.org|research|OLMo/올모/ /1;Molmo/몰모/ /1
EleutherAI|일루서AI|Eleuther|AiEleuther|eleuther.ai|research|Pythia/피티아/-/1
Nous Research|누스 리서치|Nous|NousResearch|nousresearch.com|research|Hermes/헤르메스/ /1
LAION|LAION||laion_ai|laion.ai|research|
Technology Innovation Institute|TII|TII|TIIuae|tii.ae|research|Falcon/팔콘/ /1
ServiceNow|서비스나우||ServiceNow|servicenow.com|bigtech|StarCoder/스타코더/ /1
Salesforce|세일즈포스||salesforce|salesforce.com|bigtech|xGen/xGen/-/1
Adobe|어도비||Adobe|adobe.com|bigtech|Firefly/파이어플라이/ /0
ElevenLabs|일레븐랩스||elevenlabsio|elevenlabs.io|startup|
Suno|수노||suno_ai_|suno.com|startup|
Pika|피카||pika_labs|pika.art|startup|
Cursor|커서|Anysphere|cursor_ai|cursor.com|startup|
Replit|리플릿||Replit|replit.com|startup|
Naver|네이버|Naver Cloud|NAVER_official|navercorp.com|korean|HyperCLOVA X/하이퍼클로바X/ /0
Kakao|카카오||kakaocorp|kakaocorp.com|korean|Kanana/카나나/ /1;KoGPT/코GPT/ /1
LG AI Research|LG AI연구원|LG AI|LG_AI_Research|lgresearch.ai|korean|EXAONE/엑사원/ /1
Upstage|업스테이지||upstageai|upstage.ai|korean|Solar/솔라/ /1
SK Telecom|SK텔레콤|SKT|SKtelecom|sktelecom.com|korean|A.X/에이닷엑스/ /0
KT|KT||kt_corp|kt.com|korean|Mi:dm/믿음/ /0
NCSoft|엔씨소프트|NC|NCsoft|ncsoft.com|korean|VARCO/바르코/ /0
Samsung Electronics|삼성전자|Samsung|Samsung|samsung.com|korean|Gauss/가우스/ /0
SK hynix|SK하이닉스|hynix|SKhynix|skhynix.com|chip|
Rebellions|리벨리온||rebellions_ai|rebellions.ai|chip|
FuriosaAI|퓨리오사AI|Furiosa|furiosa_ai|furiosa.ai|chip|
Twelve Labs|트웰브랩스||twelve_labs|twelvelabs.io|korean|Marengo/마렝고/ /0;Pegasus/페가수스/-/0
Wrtn|뤼튼||wrtn_official|wrtn.ai|korean|
Scatter Lab|스캐터랩||scatterlab|scatterlab.co.kr|korean|Pingpong/핑퐁/-/0
Saltlux|솔트룩스||saltlux|saltlux.com|korean|Luxia/루시아/ /1
Konan Technology|코난테크놀로지|Konan|konantech|konantech.com|korean|Konan LLM/코난 LLM/ /0
Lunit|루닛||lunitinc|lunit.io|korean|
Krafton|크래프톤||KRAFTON|krafton.com|korean|
Sionic AI|사이오닉AI|Sionic|sionic_ai|sionic.ai|korean|
Kakao Brain|카카오브레인||kakaobrain|kakaobrain.com|korean|Karlo/칼로/ /1
Veyra Labs|베이라랩스|Veyra|veyralabs|veyra.ai|startup|
Northwind AI|노스윈드AI|Northwind|northwind_ai|northwind.ai|startup|
Quanta Forge|콴타포지||quantaforge|quantaforge.io|chip|
Lumora|루모라||lumora_ai|lumora.ai|startup|
Tessellate|테셀레이트||tessellate_ml|tessellate.dev|startup|
Halcyon Systems|핼시언시스템즈|Halcyon|halcyonsys|halcyon.systems|startup|
Brightline AI|브라이트라인AI|Brightline|brightline_ai|brightline.ai|startup|
Cobalt Reasoning|코발트리즈닝|Cobalt|cobaltreason|cobalt.ai|lab|
Arcadia Robotics|아카디아로보틱스|Arcadia|arcadiarobots|arcadia-robotics.com|startup|
Fathom Labs|패덤랩스|Fathom|fathomlabs|fathomlabs.ai|startup|
Sablewood|세이블우드||sablewood_ai|sablewood.com|startup|
Pylon AI|파일런AI|Pylon|pylon_ai|pylon.ai|startup|
Meridian Compute|메리디안컴퓨트|Meridian|meridiancompute|meridian.cloud|startup|
Corvid Research|코비드리서치|Corvid|corvidresearch|corvid.ai|lab|
Juniper Intelligence|주니퍼인텔리전스|Juniper|juniper_intel|juniper.ai|startup|
Parallax AI|패럴랙스AI|Parallax|parallax_ai|parallax.ai|startup|
Helix Dynamics|헬릭스다이내믹스|Helix|helixdyn|helixdynamics.com|startup|
Vantage Neural|밴티지뉴럴|Vantage|vantageneural|vantageneural.com|startup|
Kairo|카이로||kairo_ai|kairo.ai|startup|
Lattice Works|래티스웍스|Lattice|latticeworks|latticeworks.ai|startup|
Orbital Minds|오비탈마인즈|Orbital|orbitalminds|orbitalminds.ai|lab|
Ferrous AI|페러스AI|Ferrous|ferrous_ai|ferrous.ai|startup|
Glacier ML|글레이셔ML|Glacier|glacier_ml|glacierml.com|startup|
Pinecrest Labs|파인크레스트랩스|Pinecrest|pinecrestlabs|pinecrest.ai|startup|
Moonrise AI|문라이즈AI|Moonrise|moonrise_ai|moonrise.ai|lab|
Stratus Vision|스트라투스비전|Stratus|stratusvision|stratus.vision|startup|
Emberly|엠벌리||emberly_ai|emberly.ai|startup|
Tidewater Labs|타이드워터랩스|Tidewater|tidewaterlabs|tidewater.ai|startup|
Solstice AI|솔스티스AI|Solstice|solstice_ai|solstice.ai|lab|
Riverbend Robotics|리버벤드로보틱스|Riverbend|riverbendbots|riverbend.ai|startup|
Zephyr Audio|제퍼오디오|Zephyr|zephyraudio|zephyr.audio|startup|
Crescent Bio|크레센트바이오|Crescent|crescentbio|crescent.bio|startup|
Obsidian Code|옵시디언코드|Obsidian|obsidiancode|obsidiancode.dev|startup|
Sundial|선다이얼||sundial_ai|sundial.ai|startup|
Wren Labs|렌랩스|Wren|wrenlabs|wrenlabs.ai|startup|
Copperleaf|코퍼리프||copperleaf_ai|copperleaf.ai|startup|
Bluefin AI|블루핀AI|Bluefin|bluefin_ai|bluefin.ai|startup|
Driftwood|드리프트우드||driftwood_ml|driftwood.ml|startup|
Amberwave|앰버웨이브||amberwave_ai|amberwave.ai|startup|
Pelagic AI|펠라직AI|Pelagic|pelagic_ai|pelagic.ai|lab|
Nimbus Speech|님버스스피치||nimbusspeech|nimbusspeech.com|startup|
Fernhill AI|펀힐AI|Fernhill|fernhill_ai|fernhill.ai|startup|
Starling Compute|스탈링컴퓨트|Starling|starlingcompute|starling.cloud|chip|
Marigold Health|메리골드헬스|Marigold|marigoldhealth|marigold.health|startup|
Ironclad Guard|아이언클래드가드|Ironclad|ironcladguard|ironcladguard.com|startup|
Quokka Labs|쿼카랩스|Quokka|quokkalabs|quokka.dev|startup|
Haneul AI|하늘AI|Haneul|haneul_ai|haneul.ai|korean|
Moa Labs|모아랩스|Moa|moalabs_kr|moalabs.kr|korean|
Daon Soft|다온소프트|Daon|daonsoft|daonsoft.co.kr|korean|
Nuri Vision|누리비전|Nuri|nurivision|nurivision.kr|korean|
Bora AI|보라AI|Bora|bora_ai|bora.ai|korean|
Hangyeol Robotics|한결로보틱스|Hangyeol|hangyeolbot|hangyeol.co.kr|korean|
Saebyeok Lab|새벽랩|Saebyeok|saebyeoklab|saebyeok.ai|korean|
Ieum AI|이음AI|Ieum|ieum_ai|ieum.ai|korean|
Onsaemiro|온새미로||onsaemiro|onsaemiro.kr|korean|
Dasom Labs|다솜랩스|Dasom|dasomlabs|dasomlabs.kr|korean|
"""

# Invented model families, handed to invented labs and startups, one a line:
# name / Korean / separator (" " or "-") / open weights (1) or not (0).
FAMILIES = """
Kestrel/케스트럴/-/1
Tidal/타이달/ /0
Quill/퀼/-/1
Lumen/루멘/ /0
Nimbus/님버스/ /0
Aster/아스터/-/1
Borealis/보레알리스/ /0
Cinder/신더/-/1
Dune/듄/ /0
Ember/엠버/-/1
Fjord/피요르드/-/1
Garnet/가넷/ /0
Halo/헤일로/ /0
Iris/아이리스/ /0
Juno/주노/-/1
Koi/코이/-/1
Lyra/라이라/ /0
Mosaic/모자이크/ /0
Nebula/네뷸라/-/1
Onyx/오닉스/ /0
Pico/피코/-/1
Quasar/퀘이사/ /0
Rune/룬/-/1
Sable/세이블/ /0
Terra/테라/-/1
Umbra/움브라/ /0
Vela/벨라/-/1
Wisp/위스프/-/1
Yarrow/야로우/-/1
Zenith/제니스/ /0
Atlas/아틀라스/ /0
Beacon/비컨/-/1
Cairn/케언/-/1
Echo/에코/ /0
Flint/플린트/-/1
Grove/그로브/-/1
Harbor/하버/ /0
Indigo/인디고/-/1
Kite/카이트/-/1
Loom/룸/ /0
Marlin/말린/-/1
Nova/노바/ /0
Otter/오터/-/1
Prism/프리즘/ /0
Quartz/쿼츠/-/1
Raven/레이븐/ /0
Sierra/시에라/-/1
Talon/탤런/ /0
Vertex/버텍스/ /0
Willow/윌로/-/1
Solace/솔리스/ /0
Meridian/메리디안/-/1
Orchid/오키드/ /0
Pulsar/펄사/-/1
Cobalt/코발트/ /0
Saffron/사프란/-/1
Tundra/툰드라/-/1
Aurora/오로라/ /0
Hanbit/한빛/-/1
Dalbit/달빛/ /0
Saessak/새싹/-/1
Mirae/미래/ /0
Gaon/가온/-/1
Nara/나라/ /0
"""

# Invented people: English name / Korean form.
PEOPLE = """
Maya Lindqvist/마야 린드크비스트 Tomás Ferreira/토마스 페헤이라 Priya Raman/프리야 라만
Daniel Okafor/대니얼 오카포 Hannah Weiss/해나 바이스 Leo Marchetti/레오 마르케티
Aisha Karim/아이샤 카림 Jonas Becker/요나스 베커 Sofia Alvarez/소피아 알바레스 Ethan Cho/이선 조
Grace Liu/그레이스 리우 Marcus Hale/마커스 헤일 Nina Petrov/니나 페트로프
Omar Haddad/오마르 하다드 Clara Jensen/클라라 옌센 Ravi Menon/라비 메논 Elena Rossi/엘레나 로시
Samuel Brooks/새뮤얼 브룩스 Yuki Tanaka/유키 다나카 Felix Braun/펠릭스 브라운
Zara Malik/자라 말리크 Lucas Moreau/뤼카 모로 Iris Novak/아이리스 노박 Victor Chen/빅터 첸
Amara Nwosu/아마라 은워수 Kai Andersen/카이 안데르센 Mei Lin/메이 린 Noah Fischer/노아 피셔
Layla Hassan/레일라 하산 Oscar Lind/오스카 린드 Ingrid Solberg/잉그리드 솔베르그
Mateo Ruiz/마테오 루이스 Chloe Dubois/클로이 뒤부아 Arjun Kapoor/아르준 카푸르
Fatima Zahra/파티마 자라 Henrik Nilsson/헨리크 닐손 Lena Hoffmann/레나 호프만
Diego Santos/디에고 산토스 Ana Costa/아나 코스타 Ben Whitaker/벤 휘태커 Rachel Green/레이첼 그린
Tariq Aziz/타리크 아지즈 Julia Kowalski/율리아 코발스키 Min-jun Kim/김민준 Seo-yeon Lee/이서연
Ji-hoon Park/박지훈 Yu-jin Choi/최유진 Ha-neul Jung/정하늘 Do-yoon Kang/강도윤 Su-a Jo/조수아
Ji-ho Yoon/윤지호 Seo-jun Jang/장서준 Ha-rin Lim/임하린 Ye-jun Han/한예준 Ji-min Oh/오지민
Hyun-woo Seo/서현우 Da-eun Shin/신다은 Min-seo Kwon/권민서 Jun-ho Hwang/황준호 So-yul Ahn/안소율
Ji-an Song/송지안 Tae-yang Ryu/류태양 Se-a Jeon/전세아 Eun-ji Baek/백은지 Sung-min Nam/남성민
Hye-won Moon/문혜원 Jae-hyun Yang/양재현 Bo-ra Heo/허보라
"""

UNIVERSITIES = """
KAIST/카이스트 Seoul National University/서울대 POSTECH/포스텍 Yonsei University/연세대
Korea University/고려대 UNIST/유니스트 Stanford/스탠퍼드 MIT/MIT CMU/카네기멜런대
UC Berkeley/UC 버클리 Tsinghua University/칭화대 ETH Zurich/취리히 연방공대 Mila/밀라
University of Toronto/토론토대 Oxford/옥스퍼드 Princeton/프린스턴 NYU/뉴욕대
University of Washington/워싱턴대 KAIST AI/카이스트 AI대학원 Sungkyunkwan University/성균관대
"""

# Open-source projects, one a line: name / GitHub owner / repo / Korean form (empty for Latin only).
PROJECTS = """
vLLM/vllm-project/vllm/
llama.cpp/ggerganov/llama.cpp/라마cpp
Ollama/ollama/ollama/올라마
LangChain/langchain-ai/langchain/랭체인
LlamaIndex/run-llama/llama_index/라마인덱스
Transformers/huggingface/transformers/트랜스포머스
PyTorch/pytorch/pytorch/파이토치
JAX/google/jax/
DSPy/stanfordnlp/dspy/
SGLang/sgl-project/sglang/
ExLlamaV2/turboderp/exllamav2/
MLX/ml-explore/mlx/
Axolotl/OpenAccess-AI-Collective/axolotl/
Unsloth/unslothai/unsloth/언슬로스
TRL/huggingface/trl/
PEFT/huggingface/peft/
ComfyUI/comfyanonymous/ComfyUI/컴피UI
Open WebUI/open-webui/open-webui/
Aider/paul-gauthier/aider/에이더
CrewAI/crewAIInc/crewAI/크루AI
Haystack/deepset-ai/haystack/
Chroma/chroma-core/chroma/크로마
Qdrant/qdrant/qdrant/
Weaviate/weaviate/weaviate/
Milvus/milvus-io/milvus/
FAISS/facebookresearch/faiss/
DeepSpeed/microsoft/DeepSpeed/딥스피드
Megatron-LM/NVIDIA/Megatron-LM/
TensorRT-LLM/NVIDIA/TensorRT-LLM/
Triton/triton-lang/triton/
tinygrad/tinygrad/tinygrad/
Candle/huggingface/candle/
whisper.cpp/ggerganov/whisper.cpp/
FlashAttention/Dao-AILab/flash-attention/플래시어텐션
bitsandbytes/bitsandbytes-foundation/bitsandbytes/
AutoAWQ/casper-hansen/AutoAWQ/
Outlines/outlines-dev/outlines/
Instructor/jxnl/instructor/
LiteLLM/BerriAI/litellm/
OpenDevin/OpenDevin/OpenDevin/오픈데빈
SWE-agent/princeton-nlp/SWE-agent/
MetaGPT/geekan/MetaGPT/
AutoGen/microsoft/autogen/오토젠
text-generation-inference/huggingface/text-generation-inference/
Diffusers/huggingface/diffusers/
Gradio/gradio-app/gradio/그라디오
Streamlit/streamlit/streamlit/스트림릿
Ray/ray-project/ray/
Marimo/marimo-team/marimo/
Polars/pola-rs/polars/폴라스
Lightning/Lightning-AI/pytorch-lightning/
Mergekit/arcee-ai/mergekit/
KoNLPy/konlpy/konlpy/코엔엘파이
Kiwi/bab2min/Kiwi/키위
Burrow/burrow-ml/burrow/
Tensorpipe/tensorpipe-dev/tensorpipe/
Gridlock/gridlock-ai/gridlock/
Sparrow/sparrow-llm/sparrow/
Hanmaru/hanmaru-nlp/hanmaru/한마루
"""

BENCHMARKS = """
MMLU|MMLU-Pro|GPQA Diamond|HumanEval|MBPP|SWE-bench Verified|GSM8K|MATH|ARC-AGI|HellaSwag|
BIG-Bench Hard|LiveCodeBench|Arena-Hard|MT-Bench|KMMLU|KoBEST|HAE-RAE Bench|LogicKor|IFEval|
AIME 2024|MathVista|MMMU|DROP|TruthfulQA|RULER|BFCL|TAU-bench|Chatbot Arena|Open Ko-LLM Leaderboard|
Needle in a Haystack|CRUXEval|BigCodeBench|KorMedMCQA|Video-MME|ChartQA
"""

CHIPS = """
H200/NVIDIA
B200/NVIDIA
GB200/NVIDIA
MI325X/AMD
MI300X/AMD
Gaudi 3/Intel
ATOM-Max/Rebellions
RNGD/FuriosaAI
HBM3E/SK hynix
HBM4/Samsung Electronics
QF-2/Quanta Forge
Starling S1/Starling Compute
LPU v2/Groq
WSE-3/Cerebras
"""

# Papers' topics: English / Korean.
TOPICS = """
long-context retrieval/긴 문맥 검색
speculative decoding/추측 디코딩
mixture-of-experts routing/MoE 라우팅
reward hacking in RLHF/RLHF 보상 해킹
test-time compute scaling/추론 시 연산 확장
KV-cache compression/KV 캐시 압축
chain-of-thought faithfulness/사고 사슬의 충실성
multilingual tokenization/다국어 토크나이제이션
Korean instruction tuning/한국어 인스트럭션 튜닝
synthetic data for math reasoning/수학 추론용 합성 데이터
vision-language grounding/비전-언어 그라운딩
agent tool use/에이전트 도구 사용
state-space models/상태 공간 모델
model merging/모델 병합
hallucination detection/환각 탐지
low-bit quantization/저비트 양자화
preference optimization/선호 최적화
code repair with LLMs/LLM 기반 코드 수정
robot manipulation from video/영상 기반 로봇 조작
sparse autoencoders for interpretability/해석 가능성을 위한 희소 오토인코더
watermarking generated text/생성 텍스트 워터마킹
on-device inference/온디바이스 추론
curriculum learning for pretraining/사전학습 커리큘럼 학습
evaluation contamination/평가 데이터 오염
speech-to-speech translation/음성 간 번역
diffusion transformers/디퓨전 트랜스포머
retrieval-augmented generation/검색 증강 생성
small language models/소형 언어 모델
machine unlearning/머신 언러닝
jailbreak robustness/탈옥 견고성
"""

# Words for paper titles, and the shapes the titles take.
PAPER_WORDS = """
Scaling Sparse Efficient Robust Faithful Adaptive Compositional Latent Recursive Lightweight
Contrastive Hierarchical Implicit Unified Streaming Self-Correcting Grounded Calibrated Modular
"""
PAPER_NOUNS = """
Reasoners Retrievers Tokenizers Experts Attention Agents Decoders Critics Planners Rewards Memories
Adapters Verifiers Curricula Embeddings Routers Transformers Policies Distillation Priors
"""

LAWS = """
AI Basic Act/AI 기본법
Frontier Model Safety Act/프런티어 모델 안전법
Synthetic Media Labeling Rule/합성 미디어 표시 규정
Algorithmic Accountability Act/알고리즘 책임법
Data Provenance Directive/데이터 출처 지침
Model Transparency Code/모델 투명성 규범
Deepfake Election Protection Act/딥페이크 선거 보호법
AI Copyright Disclosure Rule/AI 저작권 공개 규정
Online Safety for Minors in AI Rule/미성년자 AI 보호 규칙
Compute Reporting Requirement/연산량 보고 의무
AI Liability Directive/AI 책임 지침
Public Sector AI Procurement Guideline/공공 AI 조달 지침
Biometric AI Ban/생체인식 AI 금지 규정
Open Model Exemption Rule/오픈 모델 예외 규정
Data Center Energy Standard/데이터센터 에너지 기준
Korean Language Data Act/한국어 데이터 진흥법
"""

# Public bodies: name / Korean / short form.
BODIES = """
European Commission/유럽연합 집행위원회/EU
Ministry of Science and ICT/과학기술정보통신부/과기정통부
Personal Information Protection Commission/개인정보보호위원회/개보위
Korea Communications Commission/방송통신위원회/방통위
US Commerce Department/미국 상무부/Commerce
UK AI Safety Institute/영국 AI안전연구소/UK AISI
Federal Trade Commission/미국 연방거래위원회/FTC
Japan's Digital Agency/일본 디지털청/Digital Agency
California Legislature/캘리포니아 주의회/California
National Assembly/국회/국회
"""

COURTS = """
a federal court in San Francisco/샌프란시스코 연방법원
the Southern District of New York/뉴욕 남부 연방지법
Seoul Central District Court/서울중앙지법
a Delaware court/델라웨어 법원
the High Court in London/런던 고등법원
"""

CONFERENCES = """
CVPR 2024/CVPR 2024/cvpr.thecvf.com
ICML 2024/ICML 2024/icml.cc
ACL 2024/ACL 2024/2024.aclweb.org
Computex 2024/컴퓨텍스 2024/computex.biz
AI Expo Korea 2024/국제인공지능대전 2024/aiexpo.co.kr
NAVER DEVIEW/네이버 데뷰/deview.kr
if(kakao)/이프카카오/if.kakao.com
AI Engineer World's Fair/AI 엔지니어 월드 페어/ai.engineer
PyCon KR/파이콘 한국/pycon.kr
Interspeech 2024/인터스피치 2024/interspeech2024.org
"""

CITIES = """
Seoul/서울
Pangyo/판교
San Francisco/샌프란시스코
London/런던
Paris/파리
Berlin/베를린
Tokyo/도쿄
Toronto/토론토
New York/뉴욕
Singapore/싱가포르
Busan/부산
Daejeon/대전
"""

# Handles are built from parts, so every source has its own crowd.
HANDLE_PARTS_A = """
ml ai llm neural tensor gpu token vector prompt data deep code byte model sparse latent kernel
bit hyper quant agent infer fine grad open local rust py async cloud edge
"""
HANDLE_PARTS_B = """
kim lee park choi jung kang cho yoon jang lim han oh seo shin kwon hwang ahn song
max sam alex jo lena nina omar raj yuki leo mia ben tom eva ivy zoe kai noa
"""
HANDLE_PARTS_C = """
dev hacker nerd lab guy girl bro fan ops wizard monk smith works daily notes log builds
"""

VCS = """
Sequoia Capital/세쿼이아캐피털 Andreessen Horowitz/앤드리슨 호로위츠 Lightspeed/라이트스피드
Index Ventures/인덱스벤처스 General Catalyst/제너럴 캐털리스트
SoftBank Vision Fund/소프트뱅크 비전펀드 Kakao Ventures/카카오벤처스
Korea Investment Partners/한국투자파트너스 SBVA/SBVA Altos Ventures/알토스벤처스
Mirae Asset Venture/미래에셋벤처투자 Thrive Capital/스라이브 캐피털 Greylock/그레이록 Accel/액셀
Founders Fund/파운더스펀드 Coatue/코튜 NVentures/엔벤처스 Bluepeak Ventures/블루피크벤처스
Harborline Capital/하버라인캐피털 Northstar Partners/노스스타파트너스
Seoul Frontier Ventures/서울프런티어벤처스 Hanriver Capital/한강캐피털
Stonebridge Ventures/스톤브릿지벤처스 Quiet Capital/콰이어트캐피털
"""

# Phrases with an English and a Korean side, by the fact they fill.
PHRASES: dict[str, str] = {
    "plaintiff": """
a group of authors/작가 단체
The Daily Ledger/데일리레저
three record labels/음반사 3곳
a class of users/사용자 집단
a coalition of Korean newspapers/국내 언론사 연합
the stock agency Pixbank/이미지 업체 픽스뱅크
an open-source developer/한 오픈소스 개발자
a former employee/전직 직원
a voice actors' union/성우 노조
""",
    "claim": """
copyright infringement/저작권 침해
scraping without consent/무단 스크래핑
privacy violations/개인정보 침해
trade secret theft/영업비밀 유출
defamation by a chatbot/챗봇의 명예훼손
misleading benchmark claims/과장된 성능 광고
unauthorised voice cloning/무단 음성 복제
""",
    "talk_claim": """
scaling laws still hold for reasoning/추론에도 스케일링 법칙이 여전히 통한다
open models will match closed ones within a year/1년 안에 오픈 모델이 폐쇄형을 따라잡는다
evals are the bottleneck now/이제 병목은 평가다
agents need better memory, not bigger models/\
에이전트에 필요한 건 더 큰 모델이 아니라 더 나은 메모리다
data quality beats data quantity/데이터는 양보다 질이다
Korean-first models are worth building/한국어 중심 모델은 만들 가치가 있다
compute costs will fall tenfold by 2027/2027년까지 연산 비용이 10분의 1로 떨어진다
small models are underrated/소형 모델이 과소평가되고 있다
RL is back/강화학습이 돌아왔다
interpretability is finally practical/해석 가능성 연구가 드디어 실용 단계에 왔다
""",
    "role": """
chief scientist/수석 과학자
head of research/연구 총괄
CTO/CTO
VP of engineering/엔지니어링 부사장
head of post-training/포스트트레이닝 리드
research director/연구소장
head of safety/안전성 총괄
""",
    "feature": """
speculative decoding/추측 디코딩
FP8 support/FP8 지원
an OpenAI-compatible server/OpenAI 호환 서버
multi-GPU inference/멀티 GPU 추론
structured output/구조화된 출력
Apple Silicon support/애플 실리콘 지원
LoRA hot-swapping/LoRA 핫스와핑
vision model support/비전 모델 지원
a plugin system/플러그인 시스템
Windows support/윈도우 지원
prefix caching/프리픽스 캐싱
tool calling/툴 호출
""",
    "tech": """
many-shot prompting/매니샷 프롬프팅
ASCII-art prompts/아스키 아트 프롬프트
role-play chains/역할극 체인
base64-encoded instructions/base64 인코딩 지시문
low-resource language translation/저자원 언어 번역
crescendo-style multi-turn attacks/점진적 멀티턴 공격
prompt injection via images/이미지 기반 프롬프트 인젝션
fake system prompts/가짜 시스템 프롬프트
token smuggling/토큰 스머글링
past-tense rephrasing/과거형 바꿔 말하기
""",
    "what": """
folding laundry on its own/혼자 빨래를 개는
translating a phone call in real time/전화 통화를 실시간 통역하는
playing a video game from pixels/화면만 보고 게임을 하는
writing and running code live/코드를 짜고 바로 실행하는
cooking an omelette/오믈렛을 만드는
narrating a live soccer match/축구 경기를 실시간 중계하는
booking a restaurant by phone/전화로 식당을 예약하는
reading a doctor's handwriting/의사 손글씨를 읽어내는
sorting packages in a warehouse/물류 창고에서 택배를 분류하는
""",
    "goal": """
to bring its models to Korean banks/국내 은행에 AI 모델 공급
to build data centers in Asia/아시아 데이터센터 구축
to put AI assistants in cars/차량용 AI 비서 탑재
to train models on its chips/자사 칩 기반 모델 학습
to offer its models in the cloud/클라우드에서 모델 제공
for medical imaging/의료 영상 분석
to localise AI for Japanese users/일본 시장 현지화
""",
    "region": """
US East/미국 동부
Europe/유럽
Asia-Pacific/아시아·태평양
Korea/국내
all regions/전 지역
""",
    "avail": """
in the API and the app/API와 앱에서
for paid subscribers/유료 구독자부터
in 40 countries/40개국에서
on the free tier/무료 사용자도
in Korea first/한국에서 먼저
through the cloud console/클라우드 콘솔에서
""",
    "modality": """
text and image/텍스트와 이미지
voice/음성
video understanding/영상 이해
multimodal input/멀티모달 입력
code/코드
""",
    "date": """
from January 2026/2026년 1월부터
next year/내년부터
in August/8월부터
from March 2025/2025년 3월부터
""",
    "use": """
to train bigger models/모델 학습에
to hire researchers/연구 인력 채용에
to expand into Korea/한국 시장 확대에
to build its own data centers/자체 데이터센터 구축에
to grow the enterprise business/기업용 사업 확장에
""",
    "rank": """
#1/1위
second/2위
top 3/3위권
#1 among open models/오픈 모델 중 1위
""",
    "round": """
seed round/시드 라운드
Series A/시리즈 A
Series B/시리즈 B
Series C/시리즈 C
Series D/시리즈 D
""",
}

LICENSES = ["Apache 2.0", "MIT", "CC BY-NC 4.0", "OpenRAIL-M", "CC BY 4.0", "GPL-3.0"]
SERVICES = ["API", "app", "Chat", "Studio", "Console", "Assistant"]
DATASET_HEADS = (
    "Fine Open Ko Deep Clean Mega Star Hangul Common Math Code Sky Han Bright Pure".split()
)
DATASET_TAILS = "Web Pile Corpus Stack Set Instruct Mix Crawl Text Math Dialog Books".split()
