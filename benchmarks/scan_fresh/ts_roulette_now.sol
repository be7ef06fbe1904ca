pragma solidity ^0.5.17;

contract TimeRoulette {
    uint256 public lastSpin;

    function () external payable {}

    function spin() external payable {
        require(msg.value == 1 ether, "stake");
        require(now != lastSpin, "one per block");
        lastSpin = now;
        if (now % 7 == 0) {
            msg.sender.transfer(address(this).balance);
        }
    }
}
