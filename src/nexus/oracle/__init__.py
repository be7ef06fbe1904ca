"""Oracle network: sources, per-source scoring, signed observations, reports, disputes."""

from ._crypto import NodeKey, Observation, OracleReport, Signature, dev_node_key
from .disputes import DisputeAssessment, DisputeDesk, assess_claim
from .feeds import feed_history, feed_rounds, feed_sources, get_feed, list_feeds
from .journal import RoundJournal
from .network import OracleNetwork, ReportPolicy, RoundOutcome
from .node import OracleNode, RoundContext, RoundProposal, SignedObservation
from .onchain import Feed, RoundData, deploy_contract, deploy_feed
from .scoring import Assessment, SourceModel, SourceMonitor
from .simulate import run_simulation
from .simulated import Fault, MarketWorld, SimulatedSource, Storm, WeatherStation, WeatherWorld
from .sources import CsvSource, HttpJsonSource, OnChainSource, Reading, Source, SourceError
from .spec import FeedSpec, load_spec

__all__ = [
    "Assessment",
    "CsvSource",
    "DisputeAssessment",
    "DisputeDesk",
    "Fault",
    "Feed",
    "FeedSpec",
    "HttpJsonSource",
    "MarketWorld",
    "NodeKey",
    "Observation",
    "OnChainSource",
    "OracleNetwork",
    "OracleNode",
    "OracleReport",
    "Reading",
    "ReportPolicy",
    "RoundContext",
    "RoundData",
    "RoundJournal",
    "RoundOutcome",
    "RoundProposal",
    "Signature",
    "SignedObservation",
    "SimulatedSource",
    "Source",
    "SourceError",
    "SourceModel",
    "SourceMonitor",
    "Storm",
    "WeatherStation",
    "WeatherWorld",
    "assess_claim",
    "deploy_contract",
    "deploy_feed",
    "dev_node_key",
    "feed_history",
    "feed_rounds",
    "feed_sources",
    "get_feed",
    "list_feeds",
    "load_spec",
    "run_simulation",
]

# Oracle products (issue 24): insurance, disputes with a learned first pass, forecast feeds.
from . import dispute_service, insurance  # noqa: E402
from .firstpass import Claim, FirstPass, Recommendation  # noqa: E402
from .forecast import Forecaster, read_forecast  # noqa: E402
from .forecast_net import deploy_forecast, publish_forecast  # noqa: E402
from .severity import SeverityModel  # noqa: E402

__all__ += [
    "Claim",
    "FirstPass",
    "Forecaster",
    "Recommendation",
    "SeverityModel",
    "deploy_forecast",
    "dispute_service",
    "insurance",
    "publish_forecast",
    "read_forecast",
]
