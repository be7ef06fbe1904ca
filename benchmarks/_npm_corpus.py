"""Audited npm packages beyond the repo's devDependencies, fetched as pinned tarballs for the scanner benchmarks.

Some of these packages cannot be installed with `npm ci` on this machine (Chainlink depends on a GitHub
tarball), and none is needed by the tests, so they are not devDependencies: `fetch` runs `npm pack NAME@VERSION`
(the tarball alone, no dependencies) into `benchmarks/.corpus/`, checks it against the registry integrity pinned
here, and unpacks it once. Each package names the folder of its own sources: vendored libraries (`lib/`), build
artefacts, mocks and tests are not scanned.

Four tiers. `round12` are the packages issue #15's round 12 looked at while fixing false alarms (in-sample from
then on). `heldout` are packages nobody looked at before the round-12 merge scored them (round 13's material
afterwards), `round13` packages nobody looked at before the round-13 merge scored them (round 14's material
afterwards), `round14` packages nobody looked at before the round-14 merge scored them (round 16's material
afterwards), `round16` packages nobody looked at before the round-16 merge scored them, and two tiers of
audited code from before Solidity 0.8 (0.4-0.7, the era of SmartBugs), split by package: `round17` is round 17's
tuning material, `round17h` is held out from it (round 18's tuning material afterwards), and `round18h`, more pre-0.8
packages nobody looked at before round 18. `round19h` are packages nobody looked at before they were first scored,
after round 18b (five pre-0.8, five 0.8.x, ten teams). `round20h` were chosen during round 19, scored before and after
it, and read by nobody before the second score (five pre-0.8, six 0.8.x, eleven teams). `round21h` were chosen
before round 20, scored before and after it, and read by nobody before the second score (five pre-0.8, six 0.8.x,
eleven teams new to the corpus). Each tier's first score after its round is the honest figure for code the scanner
was not written against.
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".corpus"
SKIP = (
    "/mocks/",
    "/mock/",
    "/test/",
    "/tests/",
    "/testhelpers/",
    "/forge-std/",
    "/lib/",
    "/artifacts/",
    "/build/",
    "/dist/",
    "/external-deps/",
    "/ForTestingOnly/",
)
TEST_SUFFIXES = (".t.sol", ".s.sol")  # Foundry's test and script files, wherever a package keeps them


@dataclass(frozen=True)
class Package:
    """One pinned npm tarball and the folder of its own sources."""

    label: str
    spec: str  # NAME@VERSION
    integrity: str  # the registry's dist.integrity (sha512)
    source: str  # folder inside the tarball's package/ that is scanned ("" = all of it)
    tier: str


_R12, _HELD, _R13, _R14, _R16 = "round12", "heldout", "round13", "round14", "round16"
_R17, _R17H, _R18H = "round17", "round17h", "round18h"  # pre-0.8 code: tuned on / held out by package
_R19H = "round19h"  # half pre-0.8, half 0.8.x; untouched until its first score
_R20H = "round20h"  # chosen during round 19; nobody reads its findings before the score after it
_R21H = "round21h"  # chosen before round 20; nobody reads its findings before the score after it
_R22H = "round22h"  # chosen during round 21; nobody reads its findings before the score after it
PACKAGES = (
    Package(
        "OpenZeppelin 3.4.2",
        "@openzeppelin/contracts@3.4.2",
        "sha512-z0zMCjyhhp4y7XKAcDAi3Vgms4T2PstwBdahiO0+9NaGICQKjynK3wduSRplTgk4LXmoO1yfDGO5RbjKYxtuxA==",
        "",
        _R12,
    ),
    Package(
        "OpenZeppelin upgradeable 5.4.0",
        "@openzeppelin/contracts-upgradeable@5.4.0",
        "sha512-STJKyDzUcYuB35Zub1JpWW58JxvrFFVgQ+Ykdr8A9PGXgtq/obF5uoh07k2XmFyPxfnZdPdBdhkJ/n2YxJ87HQ==",
        "",
        _R12,
    ),
    Package(
        "Chainlink 1.4.0",
        "@chainlink/contracts@1.4.0",
        "sha512-SpNCJ0TPOI6pa2l702Wk4WIP8ccw5ARcRP1E/ZTqaFffXNoZeF03WhsVL8f3l3OTRFA9Z40O5KcZzmJmZQkoFA==",
        "src/v0.8",
        _R12,
    ),
    Package(
        "Aave core-v3 1.19.3",
        "@aave/core-v3@1.19.3",
        "sha512-Xr7+VcoU5b4mPwM4IUCnskw3lciwrnL4Xloyad8GOddYeixnri2lZYobNmErm1LwE50vqjI0O+9QGNKY2TDkeQ==",
        "contracts",
        _R12,
    ),
    Package(
        "Safe 1.4.1",
        "@safe-global/safe-contracts@1.4.1",
        "sha512-fP1jewywSwsIniM04NsqPyVRFKPMAuirC3ftA/TA4X3Zc5EnwQp/UCJUU2PL/37/z/jMo8UUaJ+pnFNWmMU7dQ==",
        "contracts",
        _R12,
    ),
    Package(
        "solady 0.1.26",
        "solady@0.1.26",
        "sha512-dhGr/ptJFdea/1KE6xgqgwEdbMhUiSfRc6A+jLeltPe16zyt9qtED3PElIBVRnzEmUO5aZTjKVAr6SlqXBBcIw==",
        "src",
        _R12,
    ),
    Package(
        "Uniswap v2-periphery 1.1.0-beta.0",
        "@uniswap/v2-periphery@1.1.0-beta.0",
        "sha512-6dkwAMKza8nzqYiXEr2D86dgW3TTavUvCR0w2Tu33bAbM8Ah43LKAzH7oKKPRT5VJQaMi1jtkGs1E8JPor1n5g==",
        "contracts",
        _R12,
    ),
    Package(
        "Uniswap v3-periphery 1.4.4",
        "@uniswap/v3-periphery@1.4.4",
        "sha512-S4+m+wh8HbWSO3DKk4LwUCPZJTpCugIsHrWR86m/OrUyvSqGDTXKFfc2sMuGXCZrD1ZqO3rhQsKgdWg3Hbb2Kw==",
        "contracts",
        _R12,
    ),
    Package(
        "OpenZeppelin 2.5.1",
        "@openzeppelin/contracts@2.5.1",
        "sha512-qIy6tLx8rtybEsIOAlrM4J/85s2q2nPkDqj/Rx46VakBZ0LwtFhXIVub96LXHczQX0vaqmAueDqNPXtbSXSaYQ==",
        "",
        _HELD,
    ),
    Package(
        "OpenZeppelin 4.4.2",
        "@openzeppelin/contracts@4.4.2",
        "sha512-NyJV7sJgoGYqbtNUWgzzOGW4T6rR19FmX1IJgXGdapGPWsuMelGJn9h03nos0iqfforCbCB0iYIR0MtIuIFLLw==",
        "",
        _HELD,
    ),
    Package(
        "Gnosis conditional tokens 1.0.3",
        "@gnosis.pm/conditional-tokens-contracts@1.0.3",
        "sha512-tsGh+tiCb06UCUg3F8N5Gpo/MTsdMLQ7Wbu2AiWGaj9bga9rWgnu2/QVtLY3hneFdrSAjzlu/eFmhQt+5b7kSA==",
        "contracts",
        _HELD,
    ),
    Package(
        "Uniswap v4-core 1.0.2",
        "@uniswap/v4-core@1.0.2",
        "sha512-X15Tm2wWd+USAzEExMbo+g9naA6QN6mPgWm0MzDwRNlOfaNlepfUpSyt9RSrUfEODspwbyWbcLg6t5nwc/e7lg==",
        "src",
        _HELD,
    ),
    Package(
        "Uniswap universal-router 2.0.0",
        "@uniswap/universal-router@2.0.0",
        "sha512-6V21kuf547hE1gLfLQ89gv41DMSJY1ZZKer/k7CBagNPJ0oDnUyme+qQPtdoWknyUgSKd1M6sDm/WpocjVmPlA==",
        "contracts",
        _HELD,
    ),
    Package(
        "LayerZero oapp-evm 0.3.2",
        "@layerzerolabs/oapp-evm@0.3.2",
        "sha512-QqazLEl9KEPsipU/3m5eFDhyse+sG4bO2FWUEf/Kuee4JW6P3iIBI9wg0QfalUqLj0HL0ChFHL3yRTZVqzxrww==",
        "contracts",
        _HELD,
    ),
    Package(
        "rari-capital solmate 6.4.0",
        "@rari-capital/solmate@6.4.0",
        "sha512-BXWIHHbG5Zbgrxi0qVYe0Zs+bfx+XgOciVUACjuIApV0KzC0kY8XdO1higusIei/ZKCC+GUKdcdQZflxYPUTKQ==",
        "src",
        _HELD,
    ),
    Package(
        "Optimism bedrock 0.17.3",
        "@eth-optimism/contracts-bedrock@0.17.3",
        "sha512-cHPO7ntWeOBDLO7ZFFSZGI1D7CDqf4loRbRVJrFIsqLEz+hysWIqA0e3dv2GnrjVeuYePBfI2NTBEG4uwz9bQQ==",
        "src",
        _HELD,
    ),
    Package(
        "1inch solidity-utils 6.9.16",
        "@1inch/solidity-utils@6.9.16",
        "sha512-SnOB37v1BC5rGT60d7gUi0cEhwpUczoHdIfilKeehbmX7o3CDENgvbMpOv2jmSADh/iq+zhs+RDum+nJ+uUwTQ==",
        "contracts",
        _R13,
    ),
    Package(
        "Aave periphery-v3 3.0.1",
        "@aave/periphery-v3@3.0.1",
        "sha512-z4+YKhnhoLNC63g67geguL//IdNgEgpgfEiONph/cgg/L9jXAGKjjSS7ZStXH0KnFGoqk44t9XG/idyJGcQA8A==",
        "contracts",
        _R13,
    ),
    Package(
        "Balancer v2-vault 3.0.1",
        "@balancer-labs/v2-vault@3.0.1",
        "sha512-uVvHWDR8sGUCxdMOluYPEjeqeNYHo9/47ALYnpv4NLdXwNH8nw7PWun+cExLLdTBJ3XEc/6IyuYUlfcoWWpfcw==",
        "contracts",
        _R13,
    ),
    Package(
        "Balancer v2-solidity-utils 4.0.0",
        "@balancer-labs/v2-solidity-utils@4.0.0",
        "sha512-BB9bawgywV8q8v/m3xhYVI5X0rJ3ox64t4IYiAQvgdrR7+Sgn6AAkAP++odjbDJdCcM5wQMi92zwt50rq2nn6A==",
        "contracts",
        _R13,
    ),
    Package(
        "Gearbox core-v3 1.52.1",
        "@gearbox-protocol/core-v3@1.52.1",
        "sha512-lcwzcZeLXhvK+a9pnM+yuaqoQVYUkNtvlfMTWIgOu1wYU5HeXnNI0dBYKYarDu1LwVgNwP2nU2DcY/PVGtRaNg==",
        "contracts",
        _R13,
    ),
    Package(
        "Morpho Blue 1.0.0",
        "@morpho-org/morpho-blue@1.0.0",
        "sha512-MKtzYMRE65B1hVJYAPtml3ecHPY2e/SL3JRvM7XWjtbnWQX6U/C3beSdxr7v+rHaVJ0ri/dUPxvNfWtr0NZdGw==",
        "src",
        _R13,
    ),
    Package(
        "Pendle core-v2 6.11.0",
        "@pendle/core-v2@6.11.0",
        "sha512-Q7h2KaYzYl8kZKNPe5qWKHYtdToVEL9FqCH0/5ab9/H34JBdutQoqo8hcggfaPYlziOOQ79dgbWfvyzMDJNQCw==",
        "contracts",
        _R13,
    ),
    Package(
        "SushiSwap core 1.4.2",
        "@sushiswap/core@1.4.2",
        "sha512-Khd2i6Bob9uk7dCgVkhUioEoxRP28m6aj25MegAHvnJyxZPVzZDhxSkeL6wdv5MeAp2DwHkYqUq03KDfVTTP4Q==",
        "contracts",
        _R13,
    ),
    Package(
        "Synthetix core-contracts 1.1.0",
        "@synthetixio/core-contracts@1.1.0",
        "sha512-u9nbU78BL2zpEeGF8iV72gqANbL7BEm2l8baKMgJHlAotWYIBQwLIN2W3ogaOONw5AZG3qLh3B9dDgkily5u8Q==",
        "contracts",
        _R13,
    ),
    Package(
        "thirdweb contracts 3.15.0",
        "@thirdweb-dev/contracts@3.15.0",
        "sha512-sIXPy6zNqW9K9h8xgCnsRQVrqmmMdxoDqut4eAZj1CJzMax5TyrNBoSYCfAX0et8KApvBeCVeJQhUHSWpBNIVw==",
        "",
        _R13,
    ),
    Package(
        "API3 contracts 34.0.0",
        "@api3/contracts@34.0.0",
        "sha512-jA/gBNb33zoEp1oDVDFl7xnLvTFkrVr+B3SICoiEXjdzMRPm0rsBIWKV2+r69MhDR+ZIjsd20cWuT53EZLbbZw==",
        "",
        _R13,
    ),
    Package(
        "Uniswap v3-staker 1.0.2",
        "@uniswap/v3-staker@1.0.2",
        "sha512-+swIh/yhY9GQGyQxT4Gz54aXYLK+uc3qsmIvaAX+FjvhcL9TGOvS9tXbQsCZM4AJW63vj6TLsmHIjGMIePL1BQ==",
        "contracts",
        _R14,
    ),
    Package(
        "Uniswap swap-router-contracts 1.3.1",
        "@uniswap/swap-router-contracts@1.3.1",
        "sha512-mh/YNbwKb7Mut96VuEtL+Z5bRe0xVIbjjiryn+iMMrK2sFKhR4duk/86mEz0UO5gSx4pQIw9G5276P5heY/7Rg==",
        "contracts",
        _R14,
    ),
    Package(
        "ERC721A 4.3.0",
        "erc721a@4.3.0",
        "sha512-JneTLVEH5I/rJMArAwwJ26CX4HvL3ql9Q3egpQ4QB7sz7vIGZbMdMmqHLBIIKhBlfToZKewtC7OZtdr3qU6jsA==",
        "contracts",
        _R14,
    ),
    Package(
        "Arbitrum nitro-contracts 3.2.0",
        "@arbitrum/nitro-contracts@3.2.0",
        "sha512-uiwqpgLLBpym/55YBPVItkfOnkfGRh+yWyIeTxBjSn+O0nDcEwPZhB1EQSE+eTxteD9nP7ZacAi3a9f+E/17vQ==",
        "src",
        _R14,
    ),
    Package(
        "Scroll contracts 4.0.0",
        "@scroll-tech/contracts@4.0.0",
        "sha512-YTSQoe1Do9p6mD2zIr6bJQdGoUyApCBm7MO9t/v39zHwI6BQgUhgI01gCNYv8KluwImT7jUwGYOUucmiuQT7FA==",
        "",
        _R14,
    ),
    Package(
        "UMA core 2.62.2",
        "@uma/core@2.62.2",
        "sha512-tQOk7yZScsxkOdSlb9qCvWXyvPZ2ozBgH7pja6+rGuXNe+VAdiByTqzi2TeUxdOZBj2bTdGS2+eW2htC2CZYTQ==",
        "contracts",
        _R14,
    ),
    Package(
        "Optimism legacy contracts 0.6.0",
        "@eth-optimism/contracts@0.6.0",
        "sha512-vQ04wfG9kMf1Fwy3FEMqH2QZbgS0gldKhcBeBUPfO8zu68L61VI97UDXmsMQXzTsEAxK8HnokW3/gosl4/NW3w==",
        "",
        _R14,
    ),
    Package(
        "Manifold creator-core 3.0.0",
        "@manifoldxyz/creator-core-solidity@3.0.0",
        "sha512-bVKxdOJ6sLF2u20mxe1ltwKBBf+aVxyFzZEnFobxuBI04cly1SQ88KxrSJB/DuFKzCeimAfA5qyCY7NZoNhUCQ==",
        "contracts",
        _R14,
    ),
    Package(
        "0xsequence erc-1155 4.0.3",
        "@0xsequence/erc-1155@4.0.3",
        "sha512-vDh4OEuq0bR3iIqhsxpuRpczH5GxwH/mjBWm9uP6VYKnKM36ZBLApSNUlIOCXYRCS0DYFxsdvYjAemb3w1l4ow==",
        "contracts",
        _R14,
    ),
    Package(
        "ENS 0.6.2",
        "@ensdomains/ens@0.6.2",
        "sha512-F3ALgp60HZq3rKqNig7H/rAlBB0zuz4C9q2weCoiPjSW91uvjetXhCGBU2YJCD1tyuKnO/KqTDzUN5Dc8HLlaQ==",
        "contracts",
        _R14,
    ),
    Package(
        "Sablier v2-core 1.2.0",
        "@sablier/v2-core@1.2.0",
        "sha512-tk7K8jLxxqDGuXqOqc3ZbrG4r/MeC9iTLo5IYCsqsuHRvjBiWDe2a6gecu02Tfq5sInNgXoClC5FERhJeaMq3A==",
        "src",
        _R16,
    ),
    Package(
        "SolidState contracts 0.0.59",
        "@solidstate/contracts@0.0.59",
        "sha512-xD8X1oDZ8UOnEM0JcHfBegL6TcacxQCKwsKOQeBrLs+8Q2iyQXhEviVNMNpHs4qzoNHe0l6ByS+rpq/qsvanKA==",
        "",
        _R16,
    ),
    Package(
        "ERC-4337 account-abstraction 0.8.0",
        "@account-abstraction/contracts@0.8.0",
        "sha512-8krPx/gpnoT+5xAroagVCbeA7FbUigMZWXFKKPm+oghyr29Dksssdx5sI7xGv9212i4JPaDDUGFk58dpuwVgHA==",
        "",
        _R16,
    ),
    Package(
        "Hyperlane core 12.1.0",
        "@hyperlane-xyz/core@12.1.0",
        "sha512-8kl5+zuir0nKHXfeo2ssySvB2P3eVdTYAJX24O9+lpFFA9BUytYVFPCcJ+8fxX0OAY4HICBOUt/OB180j+EABg==",
        "contracts",
        _R16,
    ),
    Package(
        "Superfluid ethereum-contracts 1.15.2",
        "@superfluid-finance/ethereum-contracts@1.15.2",
        "sha512-pvNZvjR72VNdVsUyk0AEsyU8nhk3ClFI9IDfpDVgHaeupugUzrtrsWAwr8s9iAbNgC7uS4e3/kz1Afd+aK5H7Q==",
        "contracts",
        _R16,
    ),
    Package(
        "Axelar GMP SDK 6.2.0",
        "@axelar-network/axelar-gmp-sdk-solidity@6.2.0",
        "sha512-jiDnCAffb+Xhf4r4FZoVuiS5BY37sSd0lYDVf84qklYfpf761yoncL9H0FWkEKakBH/owQ3FuyeLld6dHqTYhg==",
        "contracts",
        _R16,
    ),
    Package(
        "CoW Protocol contracts 1.8.0",
        "@cowprotocol/contracts@1.8.0",
        "sha512-rMEHo1UBB6k4kRoWejHZNGggg6IBVt7vAd8x0FhEvjxhbq3zlAex61f9HpAcDExJNuvfwwDjsOc/7UGztCzhSw==",
        "src/contracts",
        _R16,
    ),
    Package(
        "Chainlink CCIP 2.0.0",
        "@chainlink/contracts-ccip@2.0.0",
        "sha512-P0KvQtZSYC1LevMSS16jOOSsqZG4g0n/MJdcWGmE0Z5U01NVYd1MnTQJOBPsbu1NWR79DBXPXLvyr9tR5y+tiw==",
        "contracts",
        _R16,
    ),
    Package(
        "Aragon OSx 1.4.0",
        "@aragon/osx@1.4.0",
        "sha512-FY9GizdhRXCLOuy/pADbLD3BsFZ9c+4JmvGC4DB7mauyck8yY2Itf4RhFG3X/afzVihex0bNths4wIf90ZaaUA==",
        "",
        _R16,
    ),
    Package(
        "1inch limit-order-protocol 4.3.3",
        "@1inch/limit-order-protocol-contract@4.3.3",
        "sha512-6XMwL0+s763I8WWLnRT/pqtnp8vZYUhKFMnM5BJ9TpahC1tydnEE6arihQZd8LG9gJbXMFtJtmAr4Ay3Iks5CQ==",
        "contracts",
        _R16,
    ),
    Package(
        "PRBProxy 4.0.2",
        "@prb/proxy@4.0.2",
        "sha512-PAVZaRj5Gz9vWNgneuSARUDepPPTShIndBd8N5vA4HQbvQK/1shch66XwuOxGAWaKSct6Vuhx4EQD9FQURB9tw==",
        "src",
        _R16,
    ),
    Package(
        "OpenZeppelin (zeppelin-solidity) 1.12.0",
        "zeppelin-solidity@1.12.0",
        "sha512-dgjPPnTmx14hAbTeOpTKemDeDCDdwglS0nquOAJG8h5o9zlb43FZafQSrMlIUUSp1EisDZfehrp5loGEYXHZBA==",
        "contracts",
        _R17,
    ),
    Package(
        "Bancor contracts 0.5.19",
        "bancor-contracts@0.5.19",
        "sha512-FXmTpUPpn4Hz9+XYWirCSj5fd8mt2oZJPh0l53cW5VL7K1kk/LqazF3bfq925WmT7tzNmjwknWogESRjdWA8ZA==",
        "solidity/contracts",
        _R17,
    ),
    Package(
        "DAOstack Arc 0.0.1-rc.57",
        "@daostack/arc@0.0.1-rc.57",
        "sha512-tAAcamK2Wo8FqS2WIOdbWi3e76Q6c+F+3gmj/9h/4BtESNpwpIyGxdGSrLx8eL7GGC1UizgP4+O4PI+4ECNSmA==",
        "contracts",
        _R17,
    ),
    Package(
        "Aave protocol v2 1.0.1",
        "@aave/protocol-v2@1.0.1",
        "sha512-MU3WiigW89DWDpCtvaw4rafih7RbADB45uUM/zqfnOD4g9JNUVfeT6MrjV4/DP/JPA2Iv5ySKSx+a1OfUES0Pg==",
        "contracts",
        _R17,
    ),
    Package(
        "OpenGSN 2.1.0",
        "@opengsn/gsn@2.1.0",
        "sha512-QEHLc8ckiQA9Aa1iJH0+rN8aZSncaUzgonH5wX8YILmmYJCG+4IsdhhamkWotK2gINVY3z6jaEQKc/SYwizs1g==",
        "contracts",
        _R17,
    ),
    Package(
        "MiniMe token 0.2.0",
        "minimetoken@0.2.0",
        "sha512-oRwMg4tbr4sAznQ8+eS6ZQbrIQNt2Qn0wTFHQJVlPCCQ1cgq24h1B2KIaUtqIUu/eKZi7a5NE1MOcv0tZQxYFQ==",
        "contracts",
        _R17,
    ),
    Package(
        "Aragon Voting app 2.1.0",
        "@aragon/apps-voting@2.1.0",
        "sha512-JK7+LvvAvhQPf6wgIju/+vytv7SmX05Izc7EudpkHesw8ed2wPdk7widhwi9ra3HbEKZM498Q7Hs265c8uQXvQ==",
        "contracts",
        _R17,
    ),
    Package(
        "Aragon Finance app 3.0.0",
        "@aragon/apps-finance@3.0.0",
        "sha512-6wzsyVEQ2rQpvZyEXtUNUodtJYcB504SsxH6EL36wdf8jcjfAgLId2pA3IrYseUUYTegL0baQWykbzKAcKm59w==",
        "contracts",
        _R17,
    ),
    Package(
        "Aragon Vault app 4.1.0",
        "@aragon/apps-vault@4.1.0",
        "sha512-TwCeCjMcTBNa0DOX6050wk5JMQbFAaFiwJDmROO4rsobq29p1JdEgf+/laPxS8ogKf4DMwADe9tf4L3sfCegQw==",
        "contracts",
        _R17,
    ),
    Package(
        "Aragon Token Manager app 2.1.0",
        "@aragon/apps-token-manager@2.1.0",
        "sha512-jggTzZfxD5e14xp288QICeCw+ND61GscHz8agiLXfMe0zDSBNKXyyuBUEiZNOPXNzex1eiDJC6L+KPF9kJC8hw==",
        "contracts",
        _R17,
    ),
    Package(
        "aragonOS 4.4.0",
        "@aragon/os@4.4.0",
        "sha512-EYyMj5pX0Qxu7axHAPe4hqwwDINDn+6ZZ4DqJP0tAKYKDmTxHcW8m/7DDctIM3uRqXr8HlYrNOGd6zE/hhHetQ==",
        "contracts",
        _R17H,
    ),
    Package(
        "Gnosis DutchX 2.0.0",
        "@gnosis.pm/dx-contracts@2.0.0",
        "sha512-a3AcMS80mxWDLCGT4WFA/peZyRqPBnY+w0MOfxgKzo4f6IldsN1M8keRr6yS0VkRv/mUJZFWvXorpFJPirEOXw==",
        "contracts",
        _R17H,
    ),
    Package(
        "Gnosis Safe 1.1.1",
        "@gnosis.pm/safe-contracts@1.1.1",
        "sha512-NT+7JtNym5I6wEKVuhEZ+Ush9ZTtJfLEeQ7SwQTKGgjG9Ww3uMVOPMlufifOyhZyDX/Aakxj0jEKwkuqONHAxA==",
        "contracts",
        _R17H,
    ),
    Package(
        "tBTC 1.1.0",
        "@keep-network/tbtc@1.1.0",
        "sha512-V4sGR/t61PgkEF11GDZL5QNijVSdDhL7A7larcOSSCmKJOugxd5s+d+NdhYcHZhX9IS58ebtepvZan8TydHUHw==",
        "contracts",
        _R17H,
    ),
    Package(
        "PoolTogether 3.4.5",
        "@pooltogether/pooltogether-contracts@3.4.5",
        "sha512-Y0Nj8zWurDG1bZS3vWlF+0wZHdHdbhPi0KvoUTh0OYKqYW6MQkhVck+1CrRjExGZRnYvIjX2o/g3eqJGTSPOiQ==",
        "contracts",
        _R17H,
    ),
    Package(
        "OpenZeppelin upgrades 2.8.0",
        "@openzeppelin/upgrades@2.8.0",
        "sha512-LzjTQPeljPsgHDPdZyH9cMCbIHZILgd2cpNcYEkdsC2IylBYRHShlbEDXJV9snnqg9JWfzPiKIqyj3XVliwtqQ==",
        "contracts",
        _R17H,
    ),
    Package(
        "Kleros 0.1.5",
        "@kleros/kleros@0.1.5",
        "sha512-aq3tGWzF5no52l67qKKAThsuS26VQTP+EeuKufMRV0aliViQ41MMk2mD2KmL7SZNz7H90SjbNuuzyPEvHgFcZA==",
        "contracts",
        _R17H,
    ),
    Package(
        "Gnosis util-contracts 2.0.1",
        "@gnosis.pm/util-contracts@2.0.1",
        "sha512-Z1R15atpbTr/+ac4o9qW3kbNHSPnCaWsPxn62xsr9aRAjif1qbGkT8jFghBYtEN14lmJXOw0vfMsNj2UDOHrTA==",
        "contracts",
        _R17H,
    ),
    Package(
        "SushiSwap 0.1.1",
        "@sushiswap/sushiswap@0.1.1",
        "sha512-//SnivIpaGeFerBgKrApiQDTreR7VXhCQd+RwEMF7Yv3F/mCzi83sB8BmQjG3Vj+YoiQHFzE2YfWP5b4aDZoYg==",
        "contracts",
        _R17H,
    ),
    Package(
        "Nitro protocol 0.17.3",
        "@statechannels/nitro-protocol@0.17.3",
        "sha512-E372J29OerSFR5RdSwJPPy24C4WXOg9ibTvZ8wueIh0Kii0rNrY/3YxJ9ZFClKpnpZWFo3e2ATMD2Q/Nomf9wA==",
        "contracts",
        _R17H,
    ),
    Package(
        "0x staking 2.0.45",
        "@0x/contracts-staking@2.0.45",
        "sha512-D6ZAu/gjp0ONBKu5HIhfBUc0Vf0etlYVbThyo3N5ewDZH8l+JarlyXUbxN1xzi2amR34UMoLFxJh+oe+7OAWMQ==",
        "contracts",
        _R18H,
    ),
    Package(
        "0x asset-proxy 3.7.19",
        "@0x/contracts-asset-proxy@3.7.19",
        "sha512-6lTgz8JdmceaSnqpJrbyKJXUIyAA2HZrXel+ZWpgMtO7qaSSQDRUcWUBwejTE588BcVxhNFQ7tHvOK3/QGnpHw==",
        "contracts",
        _R18H,
    ),
    Package(
        "Keep core 1.8.0",
        "@keep-network/keep-core@1.8.0",
        "sha512-Jms+Cr12A+V2rvANuVuu40QyNdjYBTZhcsSBtRS/ivdgb6/DjbQ4XXPxThAtmAvDOqKXuXkm90BUpudzaDGmwg==",
        "contracts",
        _R18H,
    ),
    Package(
        "Keep ECDSA 1.8.0",
        "@keep-network/keep-ecdsa@1.8.0",
        "sha512-HkXAhMmAC6MLovX1o6YBK9Ic++RnNS0FmkLLWhZRWbEg+LegqcHMiAZJG10pUSNhHCABpNIMZRgK1jaQthNj+Q==",
        "contracts",
        _R18H,
    ),
    Package(
        "ENS ethregistrar 2.0.5",
        "@ensdomains/ethregistrar@2.0.5",
        "sha512-jd1Ca9m0HsfIJQ+dqmyrVBF3fXVDUnzMQmJU1IxydJVvqPq0Ijh/aP/8YoPjLpuzlfnTqUdX0VIAZvTCMw4Tag==",
        "contracts",
        _R18H,
    ),
    Package(
        "ENS subdomain-registrar 0.2.3",
        "@ensdomains/subdomain-registrar@0.2.3",
        "sha512-iGc6NfwlvJTsk4C2BPc/wwqoK6DyAgC0ZkdztB0afZEOHkbEQa6qix+N2Dsit4NXM/qF0DA7LGAWVNM0erF27w==",
        "contracts",
        _R18H,
    ),
    Package(
        "AirSwap swap 5.4.9",
        "@airswap/swap@5.4.9",
        "sha512-YrhX9fUxF7HNY5lzySUa+1HU41n8VG1Cc8EZwNsQCwPfoCPmR3unfbjMKa7cfE6cEgMZP8o1GkUPp3qHT4rpVw==",
        "contracts",
        _R18H,
    ),
    Package(
        "Indexed core 1.0.0",
        "@indexed-finance/indexed-core@1.0.0",
        "sha512-NetjkFwt8BnjG9zZrmDBVI+hfm9Zr8GcGpfu1Y13WPxhv39FHQhSgfJELxUi53i/03SdSPOZ+Ri3hcfQ3G389g==",
        "contracts",
        _R18H,
    ),
    Package(
        "Gnosis pm-contracts 1.4.1",
        "@gnosis.pm/pm-contracts@1.4.1",
        "sha512-j82Q46pPKYITUw40v970hJ1Kyp8sV11r9+DNQnhTgyWHxY2T8rYbznhSbTpcNpVqP3xJi++L6PxHIpPHAUv53A==",
        "contracts",
        _R18H,
    ),
    Package(
        "Etherisc GIF 1.2.2",
        "@etherisc/gif-contracts@1.2.2",
        "sha512-BH74DunctyT5ZgzsoPF2v1ThXeD//vIvmLFBA6VuIMspMHEURX8ywxZ546eoPf4uEnOBI9eEBMRY6yrC5CFyOQ==",
        "contracts",
        _R18H,
    ),
    Package(
        "Chainlink contracts 0.1.7",
        "@chainlink/contracts@0.1.7",
        "sha512-txVkGrwFYnyLUC/I5hTe7yZK7fjmB6YFULfBHqryRuREUmGd4bdpXfrcUUsZycmWibanp69QVyQBpsDrPhWsjw==",
        "src",
        _R18H,
    ),
    Package(
        "Celo contracts 9.0.0",
        "@celo/contracts@9.0.0",
        "sha512-+DLFoV6mYQh4vLoYlcyArrgcU1zJAbb5BbBLKTbUnNkuGSYCoNqvik0OfpujhJ44SHlX+BERbW3ydzdj+kFVpg==",
        "",
        _R19H,
    ),
    Package(
        "Polygon pos-portal 1.5.2",
        "@maticnetwork/pos-portal@1.5.2",
        "sha512-2bWhfsKd9J69l+Q4aNs4FygCZQBu1vtWLLv9G6dX5HblN/GXE1fyCFr3mjZAknZX+p1Esgj/CPfvXTo2VOG4/g==",
        "contracts",
        _R19H,
    ),
    Package(
        "Nomad contracts-core 1.1.0-rc.0",
        "@nomad-xyz/contracts-core@1.1.0-rc.0",
        "sha512-uH4n8U5njvNSU2b9iTFmJTCDk0ettqadwi8VlsgT3fuW3bPqfPVFIcOVqSaUmnw7E4lw/FdYK+UA93eklN+lZQ==",
        "contracts",
        _R19H,
    ),
    Package(
        "Venus protocol 3.1.0",
        "@venusprotocol/venus-protocol@3.1.0",
        "sha512-fI9gPL6CTp0XEgbDOKy3kPe4ECmHlvXapLMSTN/uIb0NNODrUFvo5SOSe7mniJaKuqZfrW0oW9nZItdoEFOx3g==",
        "contracts",
        _R19H,
    ),
    Package(
        "mStable protocol 1.5.0",
        "@mstable/protocol@1.5.0",
        "sha512-TrjB2UopwhYxp461NBIvfz6jcd8IQ+qeSJfFmjE0HzEaEI0cruZzXniqC+pjNpS3Nig1tN9ebTwJOdtAHjEQnw==",
        "contracts",
        _R19H,
    ),
    Package(
        "EAS contracts 1.9.0",
        "@ethereum-attestation-service/eas-contracts@1.9.0",
        "sha512-L60y1fgKlY3a45xxnPlgRbiGQY8RF/lF+AzF1iVoR7/aEzitS0Nuyyjq8+IXs1sSSU0dl2+yGSmELxVeB6FelA==",
        "contracts",
        _R19H,
    ),
    Package(
        "PoolTogether v4-core 1.3.1",
        "@pooltogether/v4-core@1.3.1",
        "sha512-18IL0ww2p52BGTEupOryeci/gqL/Bl0JYdr2W0UoIBw/wLXAjdGrc/qZenN48d31M1X5YBsFchVmqzwiDH18Xg==",
        "contracts",
        _R19H,
    ),
    Package(
        "Yield vault-v2 0.18.5",
        "@yield-protocol/vault-v2@0.18.5",
        "sha512-uZZgqQ/DhjFr6iWbH6H+EiHAkd2c9rmd5Ul2KUPhVloi/RtY7fadH+JEBlh9uJivo3Vu9XBftZuwM04Tpx4Hlw==",
        "contracts",
        _R19H,
    ),
    Package(
        "Connext nxtp-contracts 0.1.42",
        "@connext/nxtp-contracts@0.1.42",
        "sha512-BJKHlAoisPh5i/els3jtCXSZQAL2p+KCuoyu0pDHwRpxGooD264r1RlCwN17eJLJp2VJ1fumSmg8MPVQNl4lMg==",
        "contracts",
        _R19H,
    ),
    Package(
        "LUKSO lsp-smart-contracts 0.17.4",
        "@lukso/lsp-smart-contracts@0.17.4",
        "sha512-Ixh9VLJo9SPHBh9LyxmW8XEstEU82wSdJM7g9vy8s/9KhzrFFcX16OSRgZsmpy6f/HDn4Tlio8AjddpOfN4mWg==",
        "contracts",
        _R19H,
    ),
    Package(
        "Set Protocol v2 0.1.16",
        "@setprotocol/set-protocol-v2@0.1.16",
        "sha512-84/rvT7b2k5SFaF5C/vh2SKV/DS4F+9i7E/5rkQBlU+XnNRnGjG/xROsbYYLkkMaz5YPQVDnDZI5tbZ+JsZYhg==",
        "contracts",
        _R20H,
    ),
    Package(
        "Trader Joe core 2.4.6",
        "@traderjoe-xyz/core@2.4.6",
        "sha512-YmDEkxa8avXRlILFNT3p87vkXrQ1ONK/Hb3XJiUZxGktTPf4gaAHjAPtETn1LwDBAqLvs2ZhiZDSgHSdDivhNw==",
        "contracts",
        _R20H,
    ),
    Package(
        "Perpetual curie-contract 2.8.4",
        "@perp/curie-contract@2.8.4",
        "sha512-fTHxpzzuHlSyCEvI6T8Ya10Oz3Y4T06YTiCciR/4uvR9rx/9Afmm8nDLJ85ZwXiA0edce9bPUkE/ZcKY4xkJEw==",
        "contracts",
        _R20H,
    ),
    Package(
        "Rarible tokens 0.7.0",
        "@rarible/tokens@0.7.0",
        "sha512-grvBeXwqUNTihPT3J9Y8VJ6yPBqpoH6BIEoovWIZ4Oe0CIP8SNVmKSm+Z/XnsaYvirtiEd1PRDOgxiWH3XrkrA==",
        "contracts",
        _R20H,
    ),
    Package(
        "Aave governance-v2 1.0.0",
        "@aave/governance-v2@1.0.0",
        "sha512-tEAi4+u0fA3OhwLdhVW9C5+tM0z23d+O/2UpOabLLqQ0VfBWxFZf+BnhcRi4eprQFFRyVbkeb5M9OFX41aulPA==",
        "contracts",
        _R20H,
    ),
    Package(
        "Across contracts-v2 2.5.9",
        "@across-protocol/contracts-v2@2.5.9",
        "sha512-j/6HAyASerFJpxRBErvXLT3PeQnLOLwRufc7+0LuNvNkJ4Q0vO/SFVsSwvSbX6FD+F3+w0DILVj0R/HleN1reg==",
        "contracts",
        _R20H,
    ),
    Package(
        "Stargate stg-evm-v2 2.0.6",
        "@stargatefinance/stg-evm-v2@2.0.6",
        "sha512-62PAwn7u+r0F1DGE6AmQxI/HDwajzayVyE3CylEswb9JRtY+taESA1Wqn6zKixJGAa0AitieUSNSVIiiGTfluw==",
        "src",
        _R20H,
    ),
    Package(
        "Threshold solidity-contracts 1.2.1",
        "@threshold-network/solidity-contracts@1.2.1",
        "sha512-v19gnQzdU52DLB6ZpkCW4YHTvApmwA1EG/YRxh+FRrzeDOC6rv+EqUhLgKpMtSpgBZT1ryqqLXm1QmjkW6CIGw==",
        "contracts",
        _R20H,
    ),
    Package(
        "Mean Finance dca-v2-core 3.4.0",
        "@mean-finance/dca-v2-core@3.4.0",
        "sha512-YOT5e6KFCsco+JprqibyxzoCzq4SCxdVHzuMKgBqOpnn/NDZuFGBiwXWZxv9BkqK3IdW7BwMEKebO7xByer23w==",
        "contracts",
        _R20H,
    ),
    Package(
        "Hifi protocol 1.11.0",
        "@hifi/protocol@1.11.0",
        "sha512-SJrSSLlB/AFcBsOHrdcAD4gAKsyTkX3Ag7mHOQMNOj7FfB1Rmxgp45QcFtZ++SJa7UDjcanBgju9nggIW1XwVQ==",
        "contracts",
        _R20H,
    ),
    Package(
        "Primitive rmm-core 2.0.0-beta.5",
        "@primitivefi/rmm-core@2.0.0-beta.5",
        "sha512-fqtN89L4/gxA+M2heUkGlY9/907oJfBwWaWgE5XfhMP5KE+YeE0yKWgo4HNpkx1VPqpoDJU84LmDnCd+8xhVvg==",
        "contracts",
        _R20H,
    ),
    Package(
        "GoodDollar goodcontracts 2.6.6",
        "@gooddollar/goodcontracts@2.6.6",
        "sha512-y7DzS3TIbIlgoRTgK9iuzBswos1SPM6P3yWRONaCAHefCJaQ4X48SMzY7weU3xx4hGIHzbb0lZnbwj+3PJgsHA==",
        "",
        _R21H,
    ),
    Package(
        "Etherspot contracts 1.2.3",
        "@etherspot/contracts@1.2.3",
        "sha512-7BeEc1oSzSbOqBiy2RhJND2kukIF2BaqDa1g4JfojoNXFaAa6LJzOw2MuYByg2PY9WQM7Td/n1YxrqZqI8XbSg==",
        "src",
        _R21H,
    ),
    Package(
        "Enzyme (Melon) protocol 2.0.0-dev",
        "@melonproject/protocol@2.0.0-dev.683b5be6",
        "sha512-OI8BHZBerRDIbNekcjH3AnB2SdaPLoiT/6ht3mQFpNBeAoU2i1LUL2gnQlI2QXswAGTxZgCB28h+FbCI4NTKsA==",
        "contracts",
        _R21H,
    ),
    Package(
        "Summa bitcoin-spv-sol 4.0.1",
        "@summa-tx/bitcoin-spv-sol@4.0.1",
        "sha512-Y2ZdCdDtMwLW2X7isjlOPnRfduWyy6jCAxvI5+8+gHA2Sx+0HQ84AfgabZ45S5AyinyzMMSQVxidNM2u8zvUvw==",
        "contracts",
        _R21H,
    ),
    Package(
        "SingularityNET platform-contracts 1.0.4",
        "singularitynet-platform-contracts@1.0.4",
        "sha512-Wap3mAuT3lEtJkKC8bXIYXSoEwew5JvLWG2ie1nDXUkcamvyqwfjLsxUQEozJTzf6tmtAg9uHmDuhVrBXFl4tQ==",
        "sol",
        _R21H,
    ),
    Package(
        "Snowbridge contracts 0.3.2",
        "@snowbridge/contracts@0.3.2",
        "sha512-7gdXBY880J41HRPouYQPt29sP4D382VG7Eqpl1yNW69BklEasROs+PYykVNMF5zcBK/8k2U4u1gC7LGOPGwiUg==",
        "src",
        _R21H,
    ),
    Package(
        "zkSync contracts 0.6.2 (L1)",
        "@matterlabs/zksync-contracts@0.6.2",
        "sha512-I05OdN+BVS5rXgNnvHy0FAXPvwlReJLq4ZakyYIrZcDx+I1w1eTfBtvyLf0AcmUYbUwCz4mvR0f0bkk4PqBwHg==",
        "l1",
        _R21H,
    ),
    Package(
        "Art Blocks contracts 1.0.2",
        "@artblocks/contracts@1.0.2",
        "sha512-B/7uJNiFVDYpwAqFtctsrpDKtaK234gT5zGqkGwR4kKsL1q2uDrj1kp1AWdwLnf3C0NpkARbGmouCliT3187RA==",
        "contracts",
        _R21H,
    ),
    Package(
        "iden3 contracts 2.5.0",
        "@iden3/contracts@2.5.0",
        "sha512-AsD3W7nqLLGOAxOpR8dAwL3QOo0f+Sr3inBRswhAkXUFIs4cIdZXoBXwsllK8CV5PtnvpxUEB9XhVEj5NXyABA==",
        "",
        _R21H,
    ),
    Package(
        "Gnosis Zodiac 4.0.3",
        "@gnosis.pm/zodiac@4.0.3",
        "sha512-yliHytBRlb4wNkeiYsaaAvYZC5VwiUBVfJ+HLEmjnWPG2EHB5tvAOUboDU7XvSQ4GUJAz8h2YUrph0XkH+/xfA==",
        "contracts",
        _R21H,
    ),
    Package(
        "Reality.eth contracts 3.2.22",
        "@reality.eth/contracts@3.2.22",
        "sha512-TAK5dtMLmIDvWFyoa7pjo7AYykVUFO8va4xIqXBlXYhoeDr0CSimTgZd24GMpoukYdzcSiKhWilHyjP2Sp38Nw==",
        "development/contracts",
        _R21H,
    ),
    Package(
        "iExec PoCo 5.3.0",
        "@iexec/poco@5.3.0",
        "sha512-CO2b6Gv0w9dSgUeIHMzkViCG6UYn8MclZzdNI3hiOqgWFvr+YTTwLW/JSPEWu6Xr1wHUTXG9wFcmNgh2oO2sMA==",
        "contracts",
        _R22H,
    ),
    Package(
        "Animoca ethereum-contracts-core 1.1.3",
        "@animoca/ethereum-contracts-core@1.1.3",
        "sha512-N/CO/wd/P6mle8FAR/TJ9OtK5F2YSMADyuWc4bDQjV9K5OdbJu8xo6P42yf57WxIjiKH/t485lBjMZGgJBGOSA==",
        "contracts",
        _R22H,
    ),
    Package(
        "AZTEC protocol 1.7.1",
        "@aztec/protocol@1.7.1",
        "sha512-HayaT6UDWvy8XxTw7uylM+mIaYXbc0JRV3wG0gc/MFnsb14zFjmF+h/pgT5zd/c2nRgJg+qTpJYp68nTg9ueDw==",
        "contracts",
        _R22H,
    ),
    Package(
        "Polymath core 1.4.0",
        "polymath-core@1.4.0",
        "sha512-3RpLgA5Z7d8U0f1uYtnkzRjYR29eJUf1KDDZN4n6aglf6VG6LkReDWun1cBI6NX14DQI9ggdthNE8R1Cuuxz9Q==",
        "contracts",
        _R22H,
    ),
    Package(
        "Counterfactual contracts 0.1.15",
        "@counterfactual/contracts@0.1.15",
        "sha512-kAMA0Z2Yf7Jmyxx0A7HmmPAP/J/Nmo4My/NVCcl5hLVlkGvxv6yvj4k0SoU25vaH9NefLdiQ9GsWLPrJ2EWdGQ==",
        "contracts",
        _R22H,
    ),
    Package(
        "RedStone evm-connector 0.9.0",
        "@redstone-finance/evm-connector@0.9.0",
        "sha512-iA7akDBqEWb/O2eWAc0syNmp8VfPMbzpHf50I+xGG3rnA4y//9F5G+tA4ysUcWMFTzlfX28os7v00SOmgJ1LjQ==",
        "contracts",
        _R22H,
    ),
    Package(
        "Zora 1155 contracts 2.13.2",
        "@zoralabs/zora-1155-contracts@2.13.2",
        "sha512-N+AfJfQJuhUJ1e5d4M7u6ASyqqn5L4NP3oNCEX0xtyd1UyCYLp9rYKsXTzeDEIyBEa7xjMq6hbCpIFmmpvR5Tg==",
        "src",
        _R22H,
    ),
    Package(
        "Ensuro core 2.9.3",
        "@ensuro/core@2.9.3",
        "sha512-Ht+QVrkn7W+BvFoRtICWLPy6u5jkZhawn5IOrQDTzCvDVgkcD7M60k7w+cVPefQJXHiE2fhLa07TzlYI5xqFHA==",
        "contracts",
        _R22H,
    ),
    Package(
        "Cartesi rollups 1.4.5",
        "@cartesi/rollups@1.4.5",
        "sha512-U/AHF+YzuoxsGUWRBj3eeN6eFHBS6dvh1zmyc2kjcbBtK4ubTYhPkjDmfrFgnClocywcs6l9/C4w/RDqi8qQ9Q==",
        "contracts",
        _R22H,
    ),
    Package(
        "DAOhaus Baal 1.2.18",
        "@daohaus/baal-contracts@1.2.18",
        "sha512-CTOJAm5fD+US24FF9cEwWMFJork7LejXUbLeP952/z0SzJeftBz6ECL2anv2XZhabfLQALEU4mCkaZxxPhrx/g==",
        "contracts",
        _R22H,
    ),
    Package(
        "Wormhole solidity-sdk 1.1.0",
        "@wormhole-foundation/wormhole-solidity-sdk@1.1.0",
        "sha512-L5I+A7sX0iYBx5yju6v6duAUVI1Z4YwXCA7DBEmsv+eYUvmgMt9V3AcZwUBtpR8ibkuqSp16tSXcCK/+HqbyIQ==",
        "contracts",
        _R22H,
    ),
)
TIERS = tuple(dict.fromkeys(p.tier for p in PACKAGES))  # in the order they were added


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch(pkg: Package, cache: Path = CACHE) -> Path:
    """The unpacked `package/` folder of `pkg`, packed from the registry and integrity-checked on first use."""
    folder = cache / pkg.spec.replace("/", "__").replace("@", "_")
    if (folder / "package").is_dir():
        return folder / "package"
    folder.mkdir(parents=True, exist_ok=True)
    out = subprocess.run(
        ["npm", "pack", "--silent", "--pack-destination", str(folder), pkg.spec],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    tgz = folder / out.stdout.strip().splitlines()[-1] if out.returncode == 0 and out.stdout.strip() else None
    if tgz is None or not tgz.is_file():
        raise RuntimeError(f"npm pack {pkg.spec} failed: {out.stderr.strip()[-300:]}")
    if _integrity(tgz.read_bytes()) != pkg.integrity:
        tgz.unlink()
        raise RuntimeError(f"{pkg.spec}: tarball does not match the pinned integrity")
    with tarfile.open(tgz) as tar:
        tar.extractall(folder, filter="data")
    tgz.unlink()
    return folder / "package"


def sources(pkg: Package, root: Path) -> list[Path]:
    """The package's own .sol files under its source folder (vendored libraries, mocks and tests left out)."""
    base = root / pkg.source if pkg.source else root
    own = (f for f in base.rglob("*.sol") if f.is_file() and not f.name.endswith(TEST_SUFFIXES))
    return sorted(f for f in own if not any(s in "/" + f.relative_to(root).as_posix() for s in SKIP))
