package jp.tokuten.consumer;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class ConsumerHomeController {

    @GetMapping("/")
    String index() {
        return "consumer/index";
    }
}
